package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/responses"
)

const catalogUsage = "usage: smtpbot catalog [--format json|csv] [--lang LANG]"

func (a app) catalog(args []string) error {
	format, lang := "json", catalog.English
	rest, err := parseFlags(args, flagSpec{"format": &format, "lang": &lang})
	if err != nil {
		return withUsage(err, catalogUsage)
	}
	if len(rest) > 0 {
		return withUsage(fmt.Errorf("%w: unexpected argument %q", errUsage, rest[0]), catalogUsage)
	}
	b, err := a.loadBot(lang)
	if err != nil {
		return err
	}
	cat := b.Catalog()
	switch format {
	case "json":
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(responses.ToJSONCatalog(cat, lang))
	case "csv":
		w := csv.NewWriter(a.stdout)
		_ = w.Write([]string{"code", "kind", "class", "name", "official", "description", "when", "fix_sender", "fix_admin", "retry", "category", "refs"})
		row := func(kind string, c catalog.Card) {
			var off, refs []string
			for _, o := range c.Official {
				off = append(off, o.Text)
			}
			for _, r := range c.Refs {
				refs = append(refs, r.Title)
			}
			_ = w.Write([]string{c.Code.String(), kind, c.ClassKey(), c.Name, strings.Join(off, " | "), c.Description, c.When, c.FixSender, c.FixAdmin, string(c.Retry), string(c.Category), strings.Join(refs, "; ")})
		}
		for _, r := range cat.Replies() {
			row("basic", cat.Card(catalog.Code{Reply: r.Code}, lang))
		}
		for _, e := range cat.EnhancedList() {
			row("enhanced", cat.Card(catalog.Code{Enhanced: e.Code}, lang))
		}
		w.Flush()
		return w.Error()
	}
	return fmt.Errorf("%w: unknown format %q (want json or csv)", errUsage, format)
}
