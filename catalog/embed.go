package catalog

import (
	"embed"
	"io/fs"
)

//go:embed data
var data embed.FS

// Embedded returns the catalog data compiled into the binary.
func Embedded() fs.FS {
	sub, err := fs.Sub(data, "data")
	if err != nil {
		panic(err) // the directory is embedded at build time; this cannot fail
	}
	return sub
}
