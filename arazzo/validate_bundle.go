package arazzo

import (
	"errors"
	"fmt"
)

// WithEntry returns a bundle whose entry document is doc and which shares
// every other document and every loaded source of b, so that a new
// version of an entry document (an edited file, say) can be validated or
// run without loading and indexing its sources again. doc must declare the
// same source descriptions as b.Entry: the same names, urls and types, in
// the same order; otherwise WithEntry returns an error, and doc must be
// given to [Load]. Documents of b that name b.Entry as a source name doc in
// the new bundle. The new bundle keeps b's [Bundle.Diagnostics], those
// about b.Entry's source descriptions moved to doc's. b is not modified.
func (b *Bundle) WithEntry(doc *Document) (*Bundle, error) {
	if b == nil || b.Entry == nil {
		return nil, errors.New("arazzo: WithEntry: the bundle is nil")
	}
	if doc == nil {
		return nil, errors.New("arazzo: WithEntry: the document is nil")
	}
	old := b.Entry
	oldSDs, newSDs := old.SourceDescriptions, doc.SourceDescriptions
	if len(oldSDs) != len(newSDs) {
		return nil, fmt.Errorf("arazzo: WithEntry: the document has %d source descriptions, the bundle's entry %d", len(newSDs), len(oldSDs))
	}
	for i, sd := range newSDs {
		o := oldSDs[i]
		if sd.Name != o.Name || sd.URL != o.URL || sd.Type != o.Type {
			return nil, fmt.Errorf("arazzo: WithEntry: source description %d (%q, %q) differs from the bundle's (%q, %q)", i, sd.Name, sd.URL, o.Name, o.URL)
		}
	}
	nb := &Bundle{Entry: doc, sources: make(map[*Document][]*Source, len(b.sources))}
	for _, d := range b.docs {
		if d == old {
			nb.docs = append(nb.docs, doc)
			continue
		}
		nb.docs = append(nb.docs, d)
	}
	if len(nb.docs) == 0 {
		nb.docs = []*Document{doc}
	}
	for d, srcs := range b.sources {
		if d == old {
			continue
		}
		out := make([]*Source, len(srcs))
		for i, s := range srcs {
			out[i] = s
			if s.Document == old {
				c := *s
				c.Document = doc
				out[i] = &c
			}
		}
		nb.sources[d] = out
	}
	entry := make([]*Source, len(b.sources[old]))
	for i, s := range b.sources[old] {
		c := *s
		if i < len(newSDs) {
			c.Description = newSDs[i]
		}
		if c.Document == old {
			c.Document = doc
		}
		entry[i] = &c
	}
	nb.sources[doc] = entry
	nb.diags = make([]bundleDiag, len(b.diags))
	for i, bd := range b.diags {
		if bd.doc == old {
			bd.doc, bd.d.File, bd.d.Range = doc, doc.File(), Range{}
			if rg, ok := doc.Locate(bd.d.Pointer); ok && bd.d.Pointer != "" {
				bd.d.Range = rg
			}
		}
		nb.diags[i] = bd
	}
	return nb, nil
}
