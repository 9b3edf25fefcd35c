package kernelsim

import (
	"fmt"
	"time"

	"github.com/axpsec/axpsec/abi"
)

// LimitKind names the limit a guest exceeded.
type LimitKind uint8

// The limits Run enforces.
const (
	LimitInsns   LimitKind = iota + 1 // Config.MaxInsns retired instructions
	LimitMem                          // Config.MaxMem bytes of guest memory
	LimitTimeout                      // Config.Timeout of wall-clock time
)

// LimitError reports that the guest exceeded a configured limit.
type LimitError struct {
	Kind  LimitKind
	Limit uint64 // instructions, bytes, or nanoseconds
}

// Error describes the limit in the CLI's terms.
func (e *LimitError) Error() string {
	switch e.Kind {
	case LimitInsns:
		return fmt.Sprintf("guest exceeded the instruction limit (--max-insns %d)", e.Limit)
	case LimitMem:
		return fmt.Sprintf("guest was refused memory beyond the limit (--max-mem %d bytes) and then failed", e.Limit)
	case LimitTimeout:
		return fmt.Sprintf("guest exceeded the time limit (--timeout %v)", time.Duration(e.Limit))
	}
	return "guest exceeded an unknown limit"
}

// errno is a negative syscall return value for the Alpha errno e.
func errno(e abi.Errno) int64 { return -int64(e) }
