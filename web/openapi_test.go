package web

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// openAPI is the part of an OpenAPI 3 document the tests read.
type openAPI struct {
	OpenAPI    string                          `json:"openapi"`
	Paths      map[string]map[string]operation `json:"paths"`
	Components struct {
		Schemas map[string]*schema `json:"schemas"`
	} `json:"components"`
}

type operation struct {
	OperationID string                     `json:"operationId"`
	Parameters  []parameter                `json:"parameters"`
	Responses   map[string]responseSpec    `json:"responses"`
	Security    []map[string][]string      `json:"security"`
	RequestBody map[string]json.RawMessage `json:"requestBody"`
}

type parameter struct {
	Name     string  `json:"name"`
	In       string  `json:"in"`
	Required bool    `json:"required"`
	Schema   *schema `json:"schema"`
}

type responseSpec struct {
	Description string `json:"description"`
	Content     map[string]struct {
		Schema *schema `json:"schema"`
	} `json:"content"`
}

type schema struct {
	Ref                  string             `json:"$ref"`
	Type                 string             `json:"type"`
	Properties           map[string]*schema `json:"properties"`
	Required             []string           `json:"required"`
	Items                *schema            `json:"items"`
	AdditionalProperties *bool              `json:"additionalProperties"`
	Enum                 []any              `json:"enum"`
	Format               string             `json:"format"`
}

func loadOpenAPI(t *testing.T) *openAPI {
	t.Helper()
	b, err := assetFS.ReadFile("assets/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc openAPI
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi.json: version %q", doc.OpenAPI)
	}
	return &doc
}

// docPath turns a ServeMux pattern into an OpenAPI path ("{id...}" -> "{id}").
func docPath(pattern string) string {
	return regexp.MustCompile(`\{([a-z_]+)\.\.\.\}`).ReplaceAllString(pattern, "{$1}")
}

// TestOpenAPIRoutes checks that every API route is documented and every
// documented operation is a route.
func TestOpenAPIRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	s := newTestServer(t, Options{})
	var routes, documented []string
	for _, rt := range s.routes {
		if rt.api {
			routes = append(routes, rt.method+" "+docPath(rt.path))
		}
	}
	for p, ops := range doc.Paths {
		for m := range ops {
			documented = append(documented, strings.ToUpper(m)+" "+p)
		}
	}
	sort.Strings(routes)
	sort.Strings(documented)
	for _, r := range routes {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is not in openapi.json", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(routes, d) {
			t.Errorf("openapi.json documents %s, which is not a route", d)
		}
	}
	// Every path parameter is declared.
	for p, ops := range doc.Paths {
		for m, op := range ops {
			for _, name := range regexp.MustCompile(`\{([a-z_]+)\}`).FindAllStringSubmatch(p, -1) {
				if !slices.ContainsFunc(op.Parameters, func(x parameter) bool { return x.Name == name[1] && x.In == "path" && x.Required }) {
					t.Errorf("%s %s: path parameter %s not declared", m, p, name[1])
				}
			}
		}
	}
}

// TestOpenAPIResponses calls every documented GET operation on the real
// handlers, with and without its optional parameters, and checks the
// status is documented and the JSON body matches the documented schema.
func TestOpenAPIResponses(t *testing.T) {
	doc := loadOpenAPI(t)
	s := newTestServer(t, Options{})
	pathValues := map[string]string{"id": "geneva-talks-open", "name": "Halvorsen"}
	// Requests that exercise the optional fields of each operation.
	extra := map[string][]string{
		"/api/search":          {"q=ceasefire&facets=true&limit=3", "entity=Lastria&speaker=Reyko&facets=true", "event_type=DEMAND", "dedup=true", "q=talks&limit=2&cursor=%s"},
		"/api/entities":        {"type=PERSON&limit=2", "limit=2&cursor=%s"},
		"/api/quotes":          {"speaker=Reyko&limit=2", "about=Lastria&limit=2&cursor=%s"},
		"/api/events":          {"type=DEMAND", "entity=Lastria&limit=1"},
		"/api/entities/{name}": {"quotes=3"},
		"/api/stories":         {"min=1&limit=2", "limit=1&cursor=%s"},
	}
	ran := 0
	for p, ops := range doc.Paths {
		op, ok := ops["get"]
		if !ok {
			continue
		}
		path := regexp.MustCompile(`\{([a-z_]+)\}`).ReplaceAllStringFunc(p, func(m string) string {
			return pathValues[strings.Trim(m, "{}")]
		})
		queries := append([]string{""}, extra[p]...)
		for _, q := range queries {
			if strings.Contains(q, "%s") {
				// A cursor from the first page of the same query.
				base := strings.ReplaceAll(strings.Split(q, "&cursor=")[0], "%s", "")
				var first struct {
					NextCursor string `json:"next_cursor"`
				}
				json.Unmarshal(get(t, s, path+"?"+base).Body.Bytes(), &first)
				if first.NextCursor == "" {
					t.Errorf("%s?%s: no next_cursor to test with", path, base)
					continue
				}
				q = fmt.Sprintf(q, first.NextCursor)
			}
			url := path
			if q != "" {
				url += "?" + q
			}
			rec := get(t, s, url)
			ran++
			code := fmt.Sprint(rec.Code)
			resp, ok := op.Responses[code]
			if !ok {
				t.Errorf("GET %s: status %s is not documented (%s)", url, code, rec.Body)
				continue
			}
			ct := strings.Split(rec.Header().Get("Content-Type"), ";")[0]
			media, ok := resp.Content[ct]
			if !ok && len(resp.Content) > 0 {
				t.Errorf("GET %s: content type %s is not documented", url, ct)
				continue
			}
			if ct != "application/json" || media.Schema == nil {
				continue
			}
			var v any
			if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
				t.Errorf("GET %s: %v", url, err)
				continue
			}
			for _, e := range validate(doc, media.Schema, v, "$") {
				t.Errorf("GET %s: %s", url, e)
			}
		}
	}
	if ran < 20 {
		t.Errorf("only %d requests made", ran)
	}
	// The error responses of the API match the Error schema too.
	for _, url := range []string{"/api/search?from=x", "/api/articles/none", "/api/entities/Nobody%20Atall", "/api/quotes?kind=x"} {
		rec := get(t, s, url)
		var v any
		json.Unmarshal(rec.Body.Bytes(), &v)
		for _, e := range validate(doc, &schema{Ref: "#/components/schemas/Error"}, v, "$") {
			t.Errorf("GET %s (%d): %s", url, rec.Code, e)
		}
	}
}

// validate checks v against a schema of the subset of JSON Schema the
// document uses, and returns what does not match.
func validate(doc *openAPI, sc *schema, v any, at string) []string {
	if sc.Ref != "" {
		name := strings.TrimPrefix(sc.Ref, "#/components/schemas/")
		ref, ok := doc.Components.Schemas[name]
		if !ok {
			return []string{at + ": unknown schema " + sc.Ref}
		}
		return validate(doc, ref, v, at)
	}
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, at+": "+fmt.Sprintf(format, args...)) }
	switch sc.Type {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			bad("want an object, got %T", v)
			return errs
		}
		for _, r := range sc.Required {
			if _, ok := m[r]; !ok {
				bad("required property %q missing", r)
			}
		}
		for k, x := range m {
			p, ok := sc.Properties[k]
			if !ok {
				if sc.AdditionalProperties != nil && !*sc.AdditionalProperties {
					bad("property %q is not documented", k)
				}
				continue
			}
			errs = append(errs, validate(doc, p, x, at+"."+k)...)
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			bad("want an array, got %T", v)
			return errs
		}
		for i, x := range a {
			if sc.Items != nil {
				errs = append(errs, validate(doc, sc.Items, x, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			bad("want a string, got %T", v)
			return errs
		}
		if len(sc.Enum) > 0 && !slices.Contains(sc.Enum, any(str)) {
			bad("%q is not one of %v", str, sc.Enum)
		}
		if sc.Format == "date" && !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(str) {
			bad("%q is not a date", str)
		}
	case "integer":
		f, ok := v.(float64)
		if !ok || f != float64(int64(f)) {
			bad("want an integer, got %v", v)
		}
	case "number":
		if _, ok := v.(float64); !ok {
			bad("want a number, got %T", v)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			bad("want a boolean, got %T", v)
		}
	}
	return errs
}

// TestValidate makes sure the schema check can fail.
func TestValidate(t *testing.T) {
	doc := loadOpenAPI(t)
	var v any
	json.Unmarshal([]byte(`{"query": 1, "total": 2.5, "offset": 0, "limit": 1, "results": [{"id": "a"}], "took_ms": 1, "surprise": true}`), &v)
	errs := validate(doc, &schema{Ref: "#/components/schemas/SearchResults"}, v, "$")
	for _, want := range []string{"$.query: want a string", "$.total: want an integer", `$.results[0]: required property "date" missing`, `$: property "surprise" is not documented`} {
		if !slices.ContainsFunc(errs, func(e string) bool { return strings.HasPrefix(e, want) }) {
			t.Errorf("validate missed %q; got %v", want, errs)
		}
	}
}
