package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/smtpbot/smtpbot/catalog"
)

// catalogDump is the JSON shape of `smtpbot catalog`.
type catalogDump struct {
	Lang     string         `json:"lang"`
	Replies  []catalog.Card `json:"reply_codes"`
	Enhanced []catalog.Card `json:"enhanced_codes"`
}

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
	d := catalogDump{Lang: lang}
	for _, r := range cat.Replies() {
		d.Replies = append(d.Replies, cat.Card(catalog.Code{Reply: r.Code}, lang))
	}
	for _, e := range cat.EnhancedList() {
		d.Enhanced = append(d.Enhanced, cat.Card(catalog.Code{Enhanced: e.Code}, lang))
	}
	switch format {
	case "json":
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(d)
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
			_ = w.Write([]string{c.Code, kind, c.ClassKey, c.Name, strings.Join(off, " | "), c.Description, c.When, c.FixSender, c.FixAdmin, string(c.Retry), string(c.Category), strings.Join(refs, "; ")})
		}
		for _, c := range d.Replies {
			row("basic", c)
		}
		for _, c := range d.Enhanced {
			row("enhanced", c)
		}
		w.Flush()
		return w.Error()
	}
	return fmt.Errorf("%w: unknown format %q (want json or csv)", errUsage, format)
}
