package zenml

import (
	"net/http"
)

// componentTypes are the values of the StackComponent type enum.
var componentTypes = []string{
	"orchestrator", "artifact_store", "container_registry", "step_operator",
	"experiment_tracker", "model_deployer", "alerter", "annotator",
	"data_validator", "feature_store", "image_builder", "model_registry",
}

// defaultStackName names the stack every ZenML server has, which cannot be
// deleted.
const defaultStackName = "default"

func stacks(st *state) *table[*stack] { return &st.stacks }

var (
	listStacks  = listOf(rowsOf(stacks))
	getStack    = getOf(stacks, "stack_id", "stack", nil)
	deleteStack = deleteOf(stacks, "stack_id", "stack", func(_ *state, s *stack) *reply {
		if s.Name == defaultStackName {
			r := zenmlError(http.StatusForbidden, "IllegalOperationError", "The default stack cannot be deleted.")
			return &r
		}
		return nil
	})

	// The type filter is free text in the description: an unknown type
	// matches nothing.
	listStackComponents = listOf(rowsOf(func(st *state) *table[*component] { return &st.components }),
		matchText("type", func(c *component) string { return c.Type }),
	)
)

// createStack implements POST /stacks. Every component id must name an
// existing component of the type it is listed under, and stack names are
// unique.
func createStack(st *state, c *call) reply {
	f := c.jsonBody(
		field{name: "name", kind: textField, required: true, maxLen: nameMaxLen},
		field{name: "description", kind: textField, nullable: true, maxLen: textMaxLen},
		field{name: "components", kind: componentMapField, nullable: true, enum: componentTypes},
	)
	if c.failed() {
		return c.invalid()
	}
	name := *f.text("name")
	components, _ := f["components"].(map[string][]string)
	if components == nil {
		components = map[string][]string{}
	}
	// Check in a fixed order so that the reported problem does not depend
	// on map iteration.
	for _, typ := range componentTypes {
		for _, id := range components[typ] {
			comp, found := st.components.get(id)
			if !found {
				return notFound("stack component", id)
			}
			if comp.Type != typ {
				return zenmlError(http.StatusBadRequest, "ValueError",
					"Stack component '%s' (%s) is of type %s and cannot be used as the %s of a stack.", comp.Name, id, comp.Type, typ)
			}
		}
	}
	if _, dup := st.stacks.find(func(s *stack) bool { return s.Name == name }); dup {
		return conflict("StackExistsError", "Unable to register stack with name '%s': Found an existing stack with the same name.", name)
	}
	s := &stack{
		ident:       ident{st.newID(stackKind)},
		Name:        name,
		Description: f.text("description"),
		Components:  components,
		UserID:      c.user.ID,
		Created:     c.now,
	}
	st.stacks.insert(s)
	return success(http.StatusCreated, s)
}
