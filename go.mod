module github.com/axpsec/axpsec

go 1.26.8

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/elastic/go-seccomp-bpf v1.6.0
	golang.org/x/net v0.62.0
)

require golang.org/x/sys v0.49.0 // indirect
