package wire

import "testing"

func TestMediaTypePredicates(t *testing.T) {
	tests := []struct {
		mt                         string
		json, xml, form, multipart bool
	}{
		{mt: "application/json", json: true},
		{mt: "application/json; charset=utf-8", json: true},
		{mt: " APPLICATION/JSON ", json: true},
		{mt: "application/problem+json", json: true},
		{mt: "application/vnd.api+json; ext=x", json: true},
		{mt: "+json"},
		{mt: "application/jsonl"},
		{mt: "text/json"},
		{mt: "application/xml", xml: true},
		{mt: "text/xml; charset=utf-8", xml: true},
		{mt: "application/soap+xml", xml: true},
		{mt: "application/x-www-form-urlencoded", form: true},
		{mt: "application/x-www-form-urlencoded; charset=utf-8", form: true},
		{mt: "multipart/form-data; boundary=x", multipart: true},
		{mt: "multipart/mixed", multipart: true},
		{mt: "text/plain"},
		{mt: ""},
	}
	for _, tt := range tests {
		t.Run(tt.mt, func(t *testing.T) {
			if got := IsJSON(tt.mt); got != tt.json {
				t.Errorf("IsJSON = %v, want %v", got, tt.json)
			}
			if got := IsXML(tt.mt); got != tt.xml {
				t.Errorf("IsXML = %v, want %v", got, tt.xml)
			}
			if got := IsForm(tt.mt); got != tt.form {
				t.Errorf("IsForm = %v, want %v", got, tt.form)
			}
			if got := IsMultipart(tt.mt); got != tt.multipart {
				t.Errorf("IsMultipart = %v, want %v", got, tt.multipart)
			}
		})
	}
}

func TestChooseContentType(t *testing.T) {
	tests := []struct {
		name     string
		explicit string
		declared []string
		payload  any
		want     string
	}{
		{"explicit wins", "application/xml", []string{"application/json"}, map[string]any{}, "application/xml"},
		{"JSON preferred (AMB-46)", "", []string{"application/xml", "application/x-www-form-urlencoded", "application/json"}, "x", "application/json"},
		{"JSON suffix preferred", "", []string{"text/plain", "application/merge-patch+json"}, nil, "application/merge-patch+json"},
		{"first declared otherwise", "", []string{"application/xml", "text/plain"}, "x", "application/xml"},
		{"declared parameters kept", "", []string{"text/plain; charset=utf-8"}, "x", "text/plain; charset=utf-8"},
		{"ranges skipped", "", []string{"*/*", "application/xml"}, "x", "application/xml"},
		{"JSON range skipped", "", []string{"application/*+json", "text/plain"}, "x", "text/plain"},
		{"only ranges, string payload", "", []string{"*/*"}, "x", "text/plain"},
		{"nothing declared, object", "", nil, map[string]any{}, "application/json"},
		{"nothing declared, number", "", nil, int64(1), "application/json"},
		{"nothing declared, string", "", nil, "x", "text/plain"},
		{"nothing declared, file", "", nil, File{ContentType: "image/png"}, "image/png"},
		{"nothing declared, file without type", "", nil, &File{}, "application/octet-stream"},
		{"blank declared entries skipped", "", []string{" ", "text/csv"}, "x", "text/csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ChooseContentType(tt.explicit, tt.declared, tt.payload); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
