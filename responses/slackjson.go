package responses

import (
	"encoding/json"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"
)

// AppendJSON appends the message as JSON: {"response_type"?, "text",
// "blocks"}. It writes the block types the renderer produces directly, which
// is several times faster than encoding/json over slack-go's types (their
// MarshalJSON methods make encoding/json re-scan every block), and falls
// back to encoding/json for any other block. TestSlackJSONMatchesEncodingJSON
// checks that both give the same JSON for every answer.
func (m SlackMessage) AppendJSON(dst []byte, responseType string) []byte {
	dst = append(dst, '{')
	if responseType != "" {
		dst = append(dst, `"response_type":`...)
		dst = appendJSONString(dst, responseType)
		dst = append(dst, ',')
	}
	dst = append(dst, `"text":`...)
	dst = appendJSONString(dst, m.Text)
	dst = append(dst, `,"blocks":[`...)
	dst = appendEach(dst, m.Blocks.BlockSet, appendBlock)
	return append(dst, ']', '}')
}

// appendEach appends every item of xs with add, separated by commas: the
// inside of a JSON array.
func appendEach[T any](dst []byte, xs []T, add func([]byte, T) []byte) []byte {
	for i, x := range xs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = add(dst, x)
	}
	return dst
}

func appendBlock(dst []byte, b slackapi.Block) []byte {
	switch x := b.(type) {
	case *slackapi.HeaderBlock:
		if x.BlockID == "" && x.Level == 0 && x.Text != nil {
			dst = append(dst, `{"type":"header","text":`...)
			return append(appendTextObject(dst, x.Text), '}')
		}
	case *slackapi.SectionBlock:
		if x.BlockID == "" && x.Fields == nil && x.Accessory == nil && !x.Expand && x.Text != nil {
			dst = append(dst, `{"type":"section","text":`...)
			return append(appendTextObject(dst, x.Text), '}')
		}
		if x.BlockID == "" && len(x.Fields) > 0 && x.Accessory == nil && !x.Expand && x.Text == nil && allNonNil(x.Fields) {
			dst = append(dst, `{"type":"section","fields":[`...)
			dst = appendEach(dst, x.Fields, appendTextObject)
			return append(dst, ']', '}')
		}
	case *slackapi.ActionBlock:
		if x.Elements != nil && len(x.Elements.ElementSet) > 0 && plainButtons(x.Elements.ElementSet) {
			dst = append(dst, `{"type":"actions"`...)
			if x.BlockID != "" {
				dst = append(dst, `,"block_id":`...)
				dst = appendJSONString(dst, x.BlockID)
			}
			dst = append(dst, `,"elements":[`...)
			dst = appendEach(dst, x.Elements.ElementSet, func(dst []byte, el slackapi.BlockElement) []byte {
				return appendButton(dst, el.(*slackapi.ButtonBlockElement))
			})
			return append(dst, ']', '}')
		}
	case *slackapi.DividerBlock:
		if x.BlockID == "" {
			return append(dst, `{"type":"divider"}`...)
		}
	case *slackapi.ContextBlock:
		if x.BlockID == "" && allText(x.ContextElements.Elements) {
			dst = append(dst, `{"type":"context","elements":[`...)
			dst = appendEach(dst, x.ContextElements.Elements, func(dst []byte, el slackapi.MixedElement) []byte {
				return appendTextObject(dst, el.(*slackapi.TextBlockObject))
			})
			return append(dst, ']', '}')
		}
	}
	raw, err := json.Marshal(b)
	if err != nil {
		return append(dst, "null"...)
	}
	return append(dst, raw...)
}

func allNonNil(ts []*slackapi.TextBlockObject) bool {
	for _, t := range ts {
		if t == nil {
			return false
		}
	}
	return true
}

// plainButtons reports whether every element is a button with only the
// fields the renderer sets.
func plainButtons(els []slackapi.BlockElement) bool {
	for _, el := range els {
		b, ok := el.(*slackapi.ButtonBlockElement)
		if !ok || b.Type != slackapi.METButton || b.Text == nil || b.Confirm != nil || b.AccessibilityLabel != "" ||
			b.AgentPrompt != "" || b.AgentPromptDisplay != "" || b.VisibleToUserIDs != nil {
			return false
		}
	}
	return true
}

func appendButton(dst []byte, b *slackapi.ButtonBlockElement) []byte {
	dst = append(dst, `{"type":"button","text":`...)
	dst = appendTextObject(dst, b.Text)
	for _, kv := range [...]struct{ k, v string }{{"action_id", b.ActionID}, {"url", b.URL}, {"value", b.Value}, {"style", string(b.Style)}} {
		if kv.v != "" {
			dst = append(dst, ',', '"')
			dst = append(dst, kv.k...)
			dst = append(dst, '"', ':')
			dst = appendJSONString(dst, kv.v)
		}
	}
	return append(dst, '}')
}

func allText(els []slackapi.MixedElement) bool {
	for _, el := range els {
		if _, ok := el.(*slackapi.TextBlockObject); !ok {
			return false
		}
	}
	return true
}

func appendTextObject(dst []byte, t *slackapi.TextBlockObject) []byte {
	dst = append(dst, `{"type":`...)
	dst = appendJSONString(dst, t.Type)
	dst = append(dst, `,"text":`...)
	dst = appendJSONString(dst, t.Text)
	if t.Emoji != nil {
		if *t.Emoji {
			dst = append(dst, `,"emoji":true`...)
		} else {
			dst = append(dst, `,"emoji":false`...)
		}
	}
	if t.Verbatim {
		dst = append(dst, `,"verbatim":true`...)
	}
	return append(dst, '}')
}

const hexDigits = "0123456789abcdef"

// appendJSONString writes s as a JSON string the way encoding/json does
// with HTML escaping off: quotes, backslashes and control characters
// escaped, invalid UTF-8 replaced, U+2028 and U+2029 escaped.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
