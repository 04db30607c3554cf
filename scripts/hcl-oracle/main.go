// Command hcl-oracle parses each file given with HashiCorp's HCL v2 native
// syntax parser (hclsyntax.ParseConfig) and prints one JSON line per file:
// whether it parsed, its error diagnostics, and the range of every top-level
// block and of the blocks directly inside them. scripts/hcl-differential.sh
// compares this with keylint's own parser (examples/hcl_blocks.rs).
//
// Ranges are Block.Range(): from the block type keyword through the closing
// brace, the span keylint gives a resource. Lines and columns are HCL's:
// 1-based, the end exclusive, columns counted in grapheme clusters.
//
// Build offline against Debian's packages:
//
//	GO111MODULE=off GOPATH=/tmp/gopath:/usr/share/gocode go build -o /tmp/hcl-oracle ./scripts/hcl-oracle
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

type diag struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

type block struct {
	Type   string   `json:"type"`
	Labels []string `json:"labels"`
	Depth  int      `json:"depth"`
	Start  [2]int   `json:"start"`
	End    [2]int   `json:"end"`
}

type result struct {
	File   string  `json:"file"`
	OK     bool    `json:"ok"`
	Errors []diag  `json:"errors"`
	Blocks []block `json:"blocks"`
}

func blocks(body *hclsyntax.Body, depth int, out []block) []block {
	if body == nil {
		return out
	}
	for _, b := range body.Blocks {
		r := b.Range()
		labels := b.Labels
		if labels == nil {
			labels = []string{}
		}
		out = append(out, block{
			Type:   b.Type,
			Labels: labels,
			Depth:  depth,
			Start:  [2]int{r.Start.Line, r.Start.Column},
			End:    [2]int{r.End.Line, r.End.Column},
		})
		if depth == 0 {
			out = blocks(b.Body, 1, out)
		}
	}
	return out
}

func main() {
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	status := 0
	for _, path := range os.Args[1:] {
		res := result{File: path, Errors: []diag{}, Blocks: []block{}}
		src, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "hcl-oracle: %v\n", err)
			status = 1
			continue
		}
		file, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
		res.OK = !diags.HasErrors()
		for _, d := range diags {
			if d.Severity != hcl.DiagError {
				continue
			}
			e := diag{Message: d.Summary + ": " + d.Detail}
			if d.Subject != nil {
				e.Line, e.Column = d.Subject.Start.Line, d.Subject.Start.Column
			}
			res.Errors = append(res.Errors, e)
		}
		if file != nil {
			if body, ok := file.Body.(*hclsyntax.Body); ok {
				res.Blocks = blocks(body, 0, res.Blocks)
			}
		}
		if err := enc.Encode(res); err != nil {
			fmt.Fprintf(os.Stderr, "hcl-oracle: %v\n", err)
			os.Exit(1)
		}
	}
	os.Exit(status)
}
