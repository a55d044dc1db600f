package bot

// alias lists phrases people use for a code that the catalog's names and
// keywords do not cover, or that several codes share and should resolve to
// the one people mean. Phrases are matched folded (lower case, no
// diacritics) and typo-tolerant, so list each wording once. Every code here
// must exist in the catalog (TestAliasesResolve).
type alias struct {
	code    string
	phrases []string
}

var aliases = []alias{
	{"252", []string{"cannot verify user", "can't verify user", "cant verify user", "cannot vrfy user", "unable to verify user",
		"không xác minh được người dùng", "không xác minh được người nhận", "không thể xác minh người dùng"}},
	{"421", []string{"service not available", "service unavailable closing transmission channel", "closing transmission channel",
		"too many connections", "server busy", "try again later closing connection", "dịch vụ không sẵn sàng", "máy chủ bận"}},
	{"450", []string{"mailbox unavailable temporarily", "mailbox busy", "greylisted", "greylisting", "graylisting", "grey listing",
		"hộp thư tạm thời không dùng được"}},
	{"451", []string{"local error in processing", "error in processing", "local error", "temporary local problem",
		"lỗi xử lý cục bộ"}},
	{"452", []string{"insufficient system storage", "too many recipients", "disk full", "out of disk space",
		"không đủ dung lượng hệ thống", "quá nhiều người nhận"}},
	{"454", []string{"tls not available", "starttls not available", "temporary authentication failure", "tls temporarily unavailable"}},
	{"500", []string{"syntax error command unrecognized", "command unrecognized", "command not recognized", "unrecognized command"}},
	{"501", []string{"syntax error in parameters", "syntax error in arguments", "bad parameters"}},
	{"502", []string{"command not implemented"}},
	{"503", []string{"bad sequence of commands", "wrong command order"}},
	{"504", []string{"command parameter not implemented"}},
	{"530", []string{"authentication required", "auth required", "must issue a starttls command first", "starttls required",
		"cần xác thực"}},
	{"535", []string{"authentication failed", "authentification failed", "auth failed", "authentication unsuccessful",
		"authentication credentials invalid", "invalid credentials", "wrong password", "bad password", "incorrect password",
		"username and password not accepted", "login failed",
		"xác thực thất bại", "sai mật khẩu", "đăng nhập thất bại"}},
	{"550", []string{"user unknown", "unknown user", "no such user", "user not found", "recipient not found", "mailbox not found",
		"mailbox unavailable", "address rejected", "recipient rejected", "recipient address rejected", "invalid recipient",
		"does not exist", "mailbox does not exist", "address does not exist",
		"người nhận không tồn tại", "địa chỉ không tồn tại", "không tồn tại", "hộp thư không tồn tại", "sai địa chỉ"}},
	{"551", []string{"user not local", "user not local please try"}},
	{"552", []string{"mailbox full", "inbox full", "mailbox is full", "over quota", "quota exceeded", "exceeded storage allocation",
		"exceeded storage", "storage exceeded", "out of storage", "mailbox over quota",
		"hộp thư đầy", "hộp thư bị đầy", "hộp thư đã đầy", "vượt hạn mức", "vượt quá dung lượng", "hết dung lượng", "đầy hộp thư"}},
	{"553", []string{"mailbox name not allowed", "mailbox name invalid", "invalid address", "bad address syntax"}},
	{"554", []string{"transaction failed", "message rejected", "rejected as spam", "spam detected", "blacklisted", "blocklisted",
		"listed on spamhaus", "thư bị từ chối", "giao dịch thất bại"}},
	{"555", []string{"mail from rcpt to parameters not recognized", "parameters not recognized or not implemented"}},
	{"X.7.26", []string{"multiple authentication checks failed", "unauthenticated sender", "sender is unauthenticated"}},
	{"X.7.23", []string{"spf fail", "spf failed", "spf validation failed", "spf failure"}},
	{"X.7.20", []string{"no valid dkim signature", "dkim fail", "dkim failed", "dkim failure"}},
	{"X.7.1", []string{"delivery not authorized", "message refused", "not authorized"}},
	{"X.3.4", []string{"message too big", "message too large", "message size exceeds", "attachment too large", "file too large",
		"thư quá lớn", "tệp đính kèm quá lớn"}},
	{"X.4.7", []string{"delivery time expired", "message expired", "queue timeout", "retry timeout exceeded"}},
}

// fillers are words (folded) that frame a question but never name a code.
// They never match by typo and do not count as content.
var fillers = map[string]bool{
	// English
	"what": true, "what's": true, "whats": true, "does": true, "do": true, "did": true, "is": true, "are": true,
	"was": true, "were": true, "the": true, "a": true, "an": true, "of": true, "to": true, "for": true, "in": true,
	"on": true, "at": true, "by": true, "with": true, "mean": true, "means": true, "meaning": true, "meant": true,
	"explain": true, "explanation": true, "describe": true, "define": true, "definition": true, "difference": true,
	"differences": true, "different": true, "diff": true, "between": true, "compare": true, "comparison": true,
	"vs": true, "versus": true, "v": true, "or": true, "and": true, "smtp": true, "esmtp": true, "error": true,
	"errors": true, "err": true, "code": true, "codes": true, "status": true, "reply": true, "replies": true,
	"response": true, "i": true, "me": true, "my": true, "you": true, "your": true, "we": true, "it": true,
	"this": true, "that": true, "these": true, "those": true, "get": true, "got": true, "getting": true,
	"why": true, "how": true, "when": true, "which": true, "who": true, "tell": true, "about": true, "please": true,
	"pls": true, "can": true, "could": true, "would": true, "should": true, "same": true, "as": true, "like": true,
	"hard": true, "soft": true, "bounce": true, "bounced": true, "bounces": true, "bouncing": true, "equal": true,
	"there": true, "here": true, "some": true, "one": true, "two": true, "three": true, "four": true, "all": true,
	"them": true, "they": true, "again": true, "really": true, "exactly": true, "basic": true, "enhanced": true,
	"extended": true, "number": true, "numbers": true, "thanks": true, "thank": true, "hi": true, "hello": true,
	"hey": true, "bot": true, "smtpbot": true, "say": true, "says": true, "said": true, "saying": true, "if": true,
	"so": true, "be": true, "have": true, "has": true, "had": true, "not": true, "any": true, "also": true,
	"from": true, "than": true, "know": true, "show": true, "give": true,
	"retry": true, "temporary": true, "permanent": true, "mail": true, "email": true, "e": true,
	// Vietnamese, folded
	"ma": true, "loi": true, "la": true, "gi": true, "khac": true, "nhau": true, "sanh": true,
	"voi": true, "va": true, "hay": true, "hoac": true, "nghia": true, "y": true, "giai": true, "thich": true,
	"cho": true, "toi": true, "minh": true, "biet": true, "cua": true, "nao": true, "sao": true, "tai": true,
	"vi": true, "bi": true, "gap": true, "duoc": true, "khi": true, "co": true, "khong": true, "phai": true,
	"ban": true, "oi": true, "nhe": true, "giup": true, "hoi": true, "ve": true, "nay": true,
	"thi": true, "xin": true, "chao": true,
}

// compareWords mark a comparison even when fewer than two codes are valid.
var compareWords = map[string]bool{
	"vs": true, "versus": true, "v": true, "compare": true, "comparison": true, "difference": true,
	"differences": true, "diff": true, "khac": true, "sanh": true,
}
