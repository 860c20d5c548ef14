package zenml

import (
	"net/http"
)

// The secret scopes. Each is a separate namespace: a workspace secret's name
// is unique among workspace secrets, and a user secret's name is unique
// among the secrets its owner scoped to themself.
const (
	workspaceScope = "workspace"
	userScope      = "user"
)

var secretScopes = []string{userScope, workspaceScope}

// listSecrets lists the secrets the caller can see: every workspace secret
// and the caller's own user secrets. Listings never carry secret values.
var listSecrets = listOf(func(st *state, c *call) []*secret {
	var visible []*secret
	for _, s := range st.secrets.all() {
		if s.Scope == workspaceScope || s.owner == c.user.ID {
			visible = append(visible, s)
		}
	}
	return visible
})

// secretWithValues is the JSON form of a secret that includes its values:
// the response to the create request, the only time values are sent.
type secretWithValues struct {
	*secret
	Values map[string]string `json:"values"`
}

// createSecret implements POST /secrets. The scope defaults to workspace;
// null is not a scope.
func createSecret(st *state, c *call) reply {
	f := c.jsonBody(
		field{name: "name", kind: textField, required: true, maxLen: nameMaxLen},
		field{name: "scope", kind: enumField, enum: secretScopes},
		field{name: "values", kind: textMapField, required: true},
	)
	if c.failed() {
		return c.invalid()
	}
	name := *f.text("name")
	scope := workspaceScope
	if s := f.text("scope"); s != nil {
		scope = *s
	}
	if _, dup := st.secrets.find(func(s *secret) bool {
		return s.Name == name && s.Scope == scope && (scope == workspaceScope || s.owner == c.user.ID)
	}); dup {
		return conflict("EntityExistsError", "Unable to create secret: a %s scoped secret with name '%s' already exists.", scope, name)
	}
	s := &secret{
		ident:   ident{st.newID(secretKind)},
		Name:    name,
		Scope:   scope,
		Created: c.now,
		values:  f["values"].(map[string]string),
		owner:   c.user.ID,
	}
	st.secrets.insert(s)
	return success(http.StatusCreated, secretWithValues{secret: s, Values: s.values})
}
