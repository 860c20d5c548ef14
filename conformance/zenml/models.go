package zenml

import (
	"net/http"
)

var (
	listModels        = listOf(rowsOf(func(st *state) *table[*model] { return &st.models }))
	listModelVersions = listOf(rowsOf(func(st *state) *table[*modelVersion] { return &st.versions }),
		matchUUID("model_id", func(v *modelVersion) string { return v.ModelID }),
	)
)

// modelTextFields are the optional free-text attributes of a model. The
// request schema of the description names four of them; the real server
// accepts all seven, and so does this one.
var modelTextFields = []string{
	"description", "license", "ethical_considerations", "trade_offs",
	"limitations", "audience", "use_cases",
}

// createModel implements POST /models. Model names are unique. Creating a
// model creates no version: versions come from pipeline runs.
func createModel(st *state, c *call) reply {
	fields := []field{{name: "name", kind: textField, required: true, maxLen: nameMaxLen}}
	for _, name := range modelTextFields {
		fields = append(fields, field{name: name, kind: textField, nullable: true, maxLen: textMaxLen})
	}
	f := c.jsonBody(fields...)
	if c.failed() {
		return c.invalid()
	}
	name := *f.text("name")
	if _, dup := st.models.find(func(m *model) bool { return m.Name == name }); dup {
		return conflict("EntityExistsError", "Unable to create model %s: A model with this name already exists.", name)
	}
	m := &model{
		ident:                 ident{st.newID(modelKind)},
		Name:                  name,
		Description:           f.text("description"),
		License:               f.text("license"),
		EthicalConsiderations: f.text("ethical_considerations"),
		TradeOffs:             f.text("trade_offs"),
		Limitations:           f.text("limitations"),
		Audience:              f.text("audience"),
		UseCases:              f.text("use_cases"),
		Created:               c.now,
	}
	st.models.insert(m)
	return success(http.StatusCreated, m)
}
