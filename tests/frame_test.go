package tests

import (
	"go/ast"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/packages"
)

// TestFrameNeverWritten: catalog.Frame returns the catalog's own frame,
// shared by every answer in that language and never copied (it is some
// 150 strings, read on every answer). That is safe only while nothing
// outside package catalog writes to a Frame; this test type-checks the
// module and fails on any assignment to a Frame's field elsewhere.
func TestFrameNeverWritten(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks the whole module")
	}
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo, Dir: "..", Tests: true}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, p := range pkgs {
		if p.PkgPath == "github.com/smtpbot/smtpbot/catalog" || p.TypesInfo == nil {
			continue
		}
		for _, f := range p.Syntax {
			ast.Inspect(f, func(n ast.Node) bool {
				var lhs []ast.Expr
				switch s := n.(type) {
				case *ast.AssignStmt:
					lhs = s.Lhs
				case *ast.IncDecStmt:
					lhs = []ast.Expr{s.X}
				case *ast.UnaryExpr:
					if s.Op == token.AND { // &f.Field hands out a way to write it
						lhs = []ast.Expr{s.X}
					}
				}
				for _, e := range lhs {
					sel, ok := e.(*ast.SelectorExpr)
					if !ok {
						continue
					}
					checked++
					if isFrame(p.TypesInfo.TypeOf(sel.X)) {
						t.Errorf("%s: writes to a catalog.Frame shared by every answer", p.Fset.Position(sel.Pos()))
					}
				}
				return true
			})
		}
	}
	if checked == 0 {
		t.Fatal("no assignment found at all: the module was not read")
	}
}

func isFrame(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Name() == "Frame" && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "github.com/smtpbot/smtpbot/catalog"
}
