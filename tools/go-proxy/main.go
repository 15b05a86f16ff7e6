// Command go-proxy publishes one Go module version into a file-based module
// proxy (GOPROXY=file://<dir>), in the layout `go` reads from any proxy:
// <dir>/<escaped module path>/@v/{list, <version>.info, .mod, .zip}. The zip is
// made by golang.org/x/mod/zip, the code `go mod download` checks zips with,
// so its file rules and hash are Go's own.
//
// Usage: go-proxy <proxy dir> <module dir> <version>
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: go-proxy <proxy dir> <module dir> <version>")
		os.Exit(2)
	}
	proxy, dir, version := os.Args[1], os.Args[2], os.Args[3]
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	check(err)
	path := modfile.ModulePath(gomod)
	if path == "" {
		check(fmt.Errorf("%s/go.mod names no module", dir))
	}
	mv := module.Version{Path: path, Version: version}
	check(module.Check(path, version))
	escaped, err := module.EscapePath(path)
	check(err)
	at := filepath.Join(proxy, filepath.FromSlash(escaped), "@v")
	check(os.MkdirAll(at, 0o755))

	zf, err := os.Create(filepath.Join(at, version+".zip"))
	check(err)
	check(modzip.CreateFromDir(zf, mv, dir))
	check(zf.Close())
	check(os.WriteFile(filepath.Join(at, version+".mod"), gomod, 0o644))
	info, err := json.Marshal(map[string]string{"Version": version, "Time": time.Now().UTC().Format(time.RFC3339)})
	check(err)
	check(os.WriteFile(filepath.Join(at, version+".info"), info, 0o644))

	listFile := filepath.Join(at, "list")
	var versions []string
	if b, err := os.ReadFile(listFile); err == nil {
		versions = strings.Fields(string(b))
	}
	if !slices.Contains(versions, version) {
		versions = append(versions, version)
	}
	check(os.WriteFile(listFile, []byte(strings.Join(versions, "\n")+"\n"), 0o644))
	fmt.Fprintf(os.Stderr, "[go-proxy] %s@%s -> %s\n", path, version, at)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "go-proxy:", err)
		os.Exit(1)
	}
}
