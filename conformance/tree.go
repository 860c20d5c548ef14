package conformance

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// tree is the read-only file system a case runs in: the files of the case
// directory and the fixture files it mounts, by slash-separated path. It
// is built once by Load and never modified, so it may be read by any
// number of runs at once.
type tree struct {
	files map[string][]byte
}

// maxTreeBytes bounds the total size of one case's files, so that a
// mistaken mount cannot copy a whole file system into memory.
const maxTreeBytes = 32 << 20

func newTree() *tree { return &tree{files: map[string][]byte{}} }

// add copies the regular file root of fsys, or every regular file below
// the directory root, into the tree: root itself goes to prefix, and a
// file below it to prefix joined with its path relative to root. A file
// that is already in the tree is an error.
func (t *tree) add(fsys fs.FS, root, prefix string) error {
	return fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s: not a regular file", p)
		}
		var name string
		switch {
		case p == root:
			name = prefix
		case root == ".":
			name = path.Join(prefix, p)
		default:
			name = path.Join(prefix, strings.TrimPrefix(p, root+"/"))
		}
		if _, dup := t.files[name]; dup {
			return fmt.Errorf("%s is both a file of the case and a mounted fixture", name)
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if t.size()+len(data) > maxTreeBytes {
			return fmt.Errorf("the case's files are larger than %d MiB", maxTreeBytes>>20)
		}
		t.files[name] = data
		return nil
	})
}

func (t *tree) size() int {
	n := 0
	for _, b := range t.files {
		n += len(b)
	}
	return n
}

// names returns the paths of every file, sorted.
func (t *tree) names() []string {
	out := make([]string, 0, len(t.files))
	for name := range t.files {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// writeTo writes every file below the directory dir on disk.
func (t *tree) writeTo(dir string) error {
	for _, name := range t.names() {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, t.files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Open implements fs.FS.
func (t *tree) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if data, ok := t.files[name]; ok {
		return &memFile{info: memInfo{name: path.Base(name), size: int64(len(data))}, r: bytes.NewReader(data)}, nil
	}
	var entries []fs.DirEntry
	seen := map[string]bool{}
	prefix := name + "/"
	if name == "." {
		prefix = ""
	}
	for _, p := range t.names() {
		rest, ok := strings.CutPrefix(p, prefix)
		if !ok {
			continue
		}
		child, _, isDir := strings.Cut(rest, "/")
		if seen[child] {
			continue
		}
		seen[child] = true
		info := memInfo{name: child, size: int64(len(t.files[p])), dir: isDir}
		if isDir {
			info.size = 0
		}
		entries = append(entries, fs.FileInfoToDirEntry(info))
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	if entries == nil && name != "." {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memDir{info: memInfo{name: path.Base(name), dir: true}, entries: entries}, nil
}

// memInfo is the fs.FileInfo of a tree entry.
type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}

type memFile struct {
	info memInfo
	r    *bytes.Reader
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Read(b []byte) (int, error) { return f.r.Read(b) }
func (f *memFile) Close() error               { return nil }

type memDir struct {
	info    memInfo
	entries []fs.DirEntry
	off     int
}

func (d *memDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *memDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: errors.New("is a directory")}
}
func (d *memDir) Close() error { return nil }

// ReadDir implements fs.ReadDirFile.
func (d *memDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.off += n
	return rest[:n], nil
}
