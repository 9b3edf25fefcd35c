package kernelsim

import (
	"bytes"
	"fmt"

	"github.com/axpsec/axpsec/abi"
)

// Interpreter scripts (Linux fs/binfmt_script.c and exec_binprm): a file
// starting with "#!" names the program that runs it.
const (
	// binprmBufSize is Linux's BINPRM_BUF_SIZE: the bytes of a file exec
	// reads to recognise its format, zero-padded when the file is shorter.
	binprmBufSize = 256
	// maxBinfmtDepth is the deepest interpreter exec_binprm loads: the
	// file at depth 0 and five interpreters, so five nested scripts.
	maxBinfmtDepth = 5
)

// shebang is a parsed "#!" line.
type shebang struct {
	interp string // interpreter path
	arg    string // the optional argument, when hasArg
	hasArg bool
}

// hasShebang reports whether the head of a file marks an interpreter script.
func hasShebang(head []byte) bool {
	return len(head) >= 2 && head[0] == '#' && head[1] == '!'
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// nextNonBlank returns the index of the first byte of buf[first:last+1]
// that is neither space nor tab, or -1.
func nextNonBlank(buf []byte, first, last int) int {
	for ; first <= last; first++ {
		if !isBlank(buf[first]) {
			return first
		}
	}
	return -1
}

// nextTerminator returns the index of the first space, tab or NUL of
// buf[first:last+1], or -1.
func nextTerminator(buf []byte, first, last int) int {
	for ; first <= last; first++ {
		if isBlank(buf[first]) || buf[first] == 0 {
			return first
		}
	}
	return -1
}

// cString returns b up to its first NUL.
func cString(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// parseShebang parses the "#!" line at the start of head (the first bytes of
// the file) as load_script does, on the zero-padded BINPRM_BUF_SIZE buffer:
// the line ends at the first '\n' (a NUL before it hides it); when no newline
// is in the buffer, the line is cut at the buffer's end unless that would cut
// the interpreter path itself (ENOEXEC). Blanks (space, tab) before the
// interpreter and at the end of the line are skipped, the interpreter ends at
// a blank or NUL, and the rest of the line up to a NUL is one argument. A
// line with no interpreter is ENOEXEC; a '\r' is an ordinary byte.
func parseShebang(head []byte) (shebang, abi.Errno) {
	var buf [binprmBufSize]byte
	copy(buf[:], head)
	if !hasShebang(buf[:]) {
		return shebang{}, abi.ENOEXEC
	}
	const last = binprmBufSize - 1
	end := -1
	for i := 0; i < len(buf) && buf[i] != 0; i++ {
		if buf[i] == '\n' {
			end = i
			break
		}
	}
	if end < 0 {
		start := nextNonBlank(buf[:], 2, last)
		if start < 0 || nextTerminator(buf[:], start, last) < 0 {
			return shebang{}, abi.ENOEXEC
		}
		end = last
	}
	for isBlank(buf[end-1]) { // stops at the '!' of "#!" at the latest
		end--
	}
	name := nextNonBlank(buf[:], 2, end)
	if name < 0 || name == end {
		return shebang{}, abi.ENOEXEC
	}
	sep := nextTerminator(buf[:], name, end)
	arg := -1
	if sep >= 0 && buf[sep] != 0 {
		arg = nextNonBlank(buf[:], sep, end)
	}
	buf[end] = 0
	var sb shebang
	if arg >= 0 {
		buf[sep] = 0
		sb.arg, sb.hasArg = cString(buf[arg:]), true
	}
	sb.interp = cString(buf[name:])
	return sb, 0
}

// binprm is what exec carries from one binary format to the next (Linux's
// linux_binprm).
type binprm struct {
	// filename is the path as passed ("/dev/fd/N[/path]" for a descriptor):
	// AT_EXECFN and the script's argv entry.
	filename string
	// interp is the name the next script puts in argv: filename, then the
	// interpreter each script names.
	interp string
	// pathInaccessible: filename goes through a close-on-exec descriptor
	// the interpreter could not open after exec.
	pathInaccessible bool
	argv, envv       []string
	total            int // bytes of the argv and envv strings
}

// execFilename returns the filename exec reports for path raw relative to
// dirfd (alloc_bprm), and whether it is a "/dev/fd/N" name.
func execFilename(dirfd uint64, raw string) (string, bool) {
	if int32(dirfd) == atFDCWD || (raw != "" && raw[0] == '/') {
		return raw, false
	}
	if raw == "" {
		return fmt.Sprintf("/dev/fd/%d", int32(dirfd)), true
	}
	return fmt.Sprintf("/dev/fd/%d/%s", int32(dirfd), raw), true
}

// spliceScript rewrites argv for a script run by sb: argv[0] is dropped,
// and the interpreter, its argument and the script's name come first.
func (bp *binprm) spliceScript(sb shebang) abi.Errno {
	rest := bp.argv
	if len(rest) > 0 {
		bp.total -= len(rest[0]) + 1
		rest = rest[1:]
	}
	argv := make([]string, 0, len(rest)+3)
	argv = append(argv, sb.interp)
	if sb.hasArg {
		argv = append(argv, sb.arg)
	}
	argv = append(argv, bp.interp)
	for _, s := range argv {
		bp.total += len(s) + 1
	}
	if bp.total > argMax {
		return abi.E2BIG
	}
	bp.argv = append(argv, rest...)
	bp.interp = sb.interp
	return 0
}

// openExec opens guest path g for exec (do_open_execat): a regular file
// the caller may execute.
func (p *Process) openExec(g string) (*hostFile, statInfo, abi.Errno) {
	f, e := p.open(g, oRdOnly, 0)
	if e != 0 {
		return nil, statInfo{}, e
	}
	hf, ok := f.(*hostFile)
	if !ok {
		f.close()
		return nil, statInfo{}, abi.EACCES
	}
	st, e := hf.stat()
	if e == 0 && (st.mode&sIFMT != sIFREG || !permitted(st, p.creds.euid, p.creds.egid, accX)) {
		e = abi.EACCES
	}
	if e != 0 {
		hf.close()
		return nil, statInfo{}, e
	}
	return hf, st, 0
}

// followScripts runs the "#!" chain from f, the opened file at guest path g
// (exec_binprm's loop): each script's interpreter is looked up like an
// execve path (relative to the working directory) and opened in turn. It
// returns the first file that is not a script, which the caller loads, with
// its guest path; f is closed unless returned.
func (t *Thread) followScripts(bp *binprm, f *hostFile, st statInfo, g string) (*hostFile, statInfo, string, abi.Errno) {
	for depth := 0; ; depth++ {
		if depth > maxBinfmtDepth {
			f.close()
			return nil, statInfo{}, "", abi.ELOOP
		}
		var head [binprmBufSize]byte
		n, e := f.pread(head[:], 0)
		if e != 0 {
			f.close()
			return nil, statInfo{}, "", e
		}
		if !hasShebang(head[:n]) {
			return f, st, g, 0
		}
		f.close()
		sb, e := parseShebang(head[:n])
		if e != 0 {
			return nil, statInfo{}, "", e
		}
		if bp.pathInaccessible {
			return nil, statInfo{}, "", abi.ENOENT
		}
		if e := bp.spliceScript(sb); e != 0 {
			return nil, statInfo{}, "", e
		}
		// An empty name (a file holding just "#!") is looked up as
		// the working directory itself, as open_exec("") does.
		if g, e = t.resolve(fdCWD, sb.interp, true); e != 0 {
			return nil, statInfo{}, "", e
		}
		if g == "" {
			g = t.proc.fs.cwd
		}
		if f, st, e = t.proc.openExec(g); e != 0 {
			return nil, statInfo{}, "", e
		}
	}
}
