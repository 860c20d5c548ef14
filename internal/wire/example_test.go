package wire_test

import (
	"fmt"
	"strings"

	"github.com/arazzo-dev/arazzo/internal/wire"
)

// A request line built from a path parameter and two query parameters.
func Example() {
	id, err := wire.Path(wire.Param{Name: "petId"}, "cat/42")
	if err != nil {
		panic(err)
	}
	path, err := wire.ExpandPath("/pets/{petId}", map[string]string{"petId": id})
	if err != nil {
		panic(err)
	}
	var query []string
	tags, err := wire.Query(wire.Param{Name: "tag"}, []any{"black & white", "small"})
	if err != nil {
		panic(err)
	}
	query = append(query, tags...)
	filter, err := wire.Query(wire.Param{Name: "filter", Style: "deepObject"}, map[string]any{"age": int64(3), "name": "Tom"})
	if err != nil {
		panic(err)
	}
	query = append(query, filter...)
	fmt.Println(path + "?" + strings.Join(query, "&"))
	// Output:
	// /pets/cat%2F42?tag=black%20%26%20white&tag=small&filter%5Bage%5D=3&filter%5Bname%5D=Tom
}

func ExamplePath() {
	color := []any{"blue", "black", "brown"}
	for _, style := range []string{"simple", "label", "matrix"} {
		s, err := wire.Path(wire.Param{Name: "color", Style: style, Explode: new(true)}, color)
		if err != nil {
			panic(err)
		}
		fmt.Println(style, s)
	}
	// Output:
	// simple blue,black,brown
	// label .blue.black.brown
	// matrix ;color=blue;color=black;color=brown
}

func ExampleQuery() {
	p := wire.Param{Name: "color", Style: "pipeDelimited"}
	pairs, err := wire.Query(p, []any{"blue", "black", "brown"})
	if err != nil {
		panic(err)
	}
	fmt.Println(pairs)
	// Output:
	// [color=blue%7Cblack%7Cbrown]
}

func ExampleHeader() {
	_, err := wire.Header(wire.Param{Name: "X-Trace"}, "a\r\nSet-Cookie: admin=1")
	fmt.Println(err)
	// Output:
	// header parameter "X-Trace": value contains the control character CR (0x0D) at offset 1; header values cannot contain CR, LF, NUL or other control characters
}

func ExampleCookieHeader() {
	session, _ := wire.Cookie(wire.Param{Name: "session"}, "abc=")
	prefs, _ := wire.Cookie(wire.Param{Name: "prefs"}, map[string]any{"theme": "dark mode", "lang": "en"})
	fmt.Println(wire.CookieHeader(append(session, prefs...)))
	// Output:
	// session=abc=; lang=en; theme=dark%20mode
}

func ExampleEncodeBody() {
	body, ct, err := wire.EncodeBody("application/x-www-form-urlencoded", map[string]any{
		"name": "Tom & Jerry",
		"ids":  []any{int64(1), int64(2)},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(ct)
	fmt.Println(string(body))
	// Output:
	// application/x-www-form-urlencoded
	// ids=1&ids=2&name=Tom+%26+Jerry
}

func ExampleEncodeBody_multipart() {
	payload := map[string]any{
		"name":  "Tom",
		"photo": wire.File{Name: "tom.png", ContentType: "image/png", Data: []byte("PNG...")},
	}
	body, ct, err := wire.EncodeBody("multipart/form-data", payload, wire.Boundary("b0undary"))
	if err != nil {
		panic(err)
	}
	fmt.Println(ct)
	fmt.Print(strings.ReplaceAll(string(body), "\r\n", "\n"))
	// Output:
	// multipart/form-data; boundary=b0undary
	// --b0undary
	// Content-Disposition: form-data; name="name"
	//
	// Tom
	// --b0undary
	// Content-Disposition: form-data; name="photo"; filename="tom.png"
	// Content-Type: image/png
	//
	// PNG...
	// --b0undary--
}

func ExampleReplaceJSON() {
	payload := `{"pet": {"name": "Tom"}, "tags": []}`
	v, err := wire.ReplaceJSON(payload, "/pet/age", int64(3))
	if err != nil {
		panic(err)
	}
	v, err = wire.ReplaceJSON(v, "/tags/-", "cat")
	if err != nil {
		panic(err)
	}
	body, _, err := wire.EncodeBody("application/json", v)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(body))
	// Output:
	// {"pet":{"age":3,"name":"Tom"},"tags":["cat"]}
}

func ExampleReplaceXML() {
	doc := `<?xml version="1.0"?>
<pet id="0">
  <!-- filled in at run time -->
  <name/>
</pet>`
	out, err := wire.ReplaceXML(doc, "/pet/name", "Tom & Jerry")
	if err != nil {
		panic(err)
	}
	out, err = wire.ReplaceXML(out, "/pet/@id", int64(42))
	if err != nil {
		panic(err)
	}
	fmt.Println(out)
	// Output:
	// <?xml version="1.0"?>
	// <pet id="42">
	//   <!-- filled in at run time -->
	//   <name>Tom &amp; Jerry</name>
	// </pet>
}

func ExampleDecodeBody() {
	v, err := wire.DecodeBody("application/json; charset=utf-8", []byte(`{"id": 12345678901234567890}`))
	if err != nil {
		panic(err)
	}
	fmt.Printf("%#v\n", v)
	_, err = wire.DecodeBody("application/json", nil)
	fmt.Println(err == wire.ErrNoBody)
	// Output:
	// map[string]interface {}{"id":"12345678901234567890"}
	// true
}

func ExampleChooseContentType() {
	declared := []string{"application/xml", "application/json"}
	fmt.Println(wire.ChooseContentType("", declared, map[string]any{}))
	fmt.Println(wire.ChooseContentType("application/xml", declared, "<pet/>"))
	fmt.Println(wire.ChooseContentType("", nil, "plain words"))
	// Output:
	// application/json
	// application/xml
	// text/plain
}
