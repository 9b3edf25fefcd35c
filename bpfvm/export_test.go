package bpfvm

// Test helpers for the external test package bpfvm_test, whose tests
// compile policies (package policy imports bpfvm, so they cannot live in
// package bpfvm).
var (
	MustLoad   = mustLoad
	MustAttach = mustAttach
	CheckCache = checkCache
	Measure    = measure
	XnetVM     = xnetVM
	XnetData   = xnetData
	AlphaCall  = alphaCall
)
