package kernelsim

import "github.com/axpsec/axpsec/abi"

// Orphaned process groups (POSIX; Linux's kill_orphaned_pgrp). A process
// group is orphaned when no member has a parent in another group of the
// same session: nobody is left to continue its stopped jobs. When an exit
// orphans a group that has a stopped member, every member gets SIGHUP then
// SIGCONT, so that a tree does not wait for ever on processes no one can
// resume.
//
// Orphans adopted by the initial process (kernelsim's reaper) count as
// children of init here, as they are on Linux, where the reaper is not
// their parent: qemu-alpha's guest processes, the reference of the tests,
// are adopted by the host's init.

// orphanedPgrps applies the rule at the exit of p, after its children
// were handed to the reaper: the groups of its children (p was their link
// to the session) and its own group (whose link may have been p itself).
func (k *Kernel) orphanedPgrps(p *Process, children []*Process) {
	for _, c := range children {
		if c.pgid != p.pgid && c.sid == p.sid {
			k.hangupIfOrphaned(c.pgid, c.sid, nil)
		}
	}
	// p's own group, if p linked it to the session: through its parent,
	// or, for the initial process, as if started from a shell of its
	// session in another group. An adopted p's parent is init's stand-in.
	par := p.parent
	if p == k.init || (par != nil && !p.adopted && par.pgid != p.pgid && par.sid == p.sid) {
		k.hangupIfOrphaned(p.pgid, p.sid, p)
	}
}

// hangupIfOrphaned sends SIGHUP and SIGCONT to the members of group pgid of
// session sid if the group is orphaned (ignoring member ignored, which is
// exiting) and has a stopped member.
func (k *Kernel) hangupIfOrphaned(pgid, sid int, ignored *Process) {
	var members []*Process
	stopped := false
	for _, q := range k.sortedProcs() {
		if q.pgid != pgid || q.exited || q == ignored {
			continue
		}
		members = append(members, q)
		stopped = stopped || q.stopped
		if par := q.parent; par != nil && !q.adopted && !par.exited && par.pgid != pgid && par.sid == sid {
			return // linked to the session through its parent
		}
	}
	if !stopped {
		return
	}
	for _, q := range members {
		for _, s := range []abi.Signal{abi.SIGHUP, abi.SIGCONT} {
			q.signalProcess(sigInfo{signo: s, code: siKernel, kind: siKill})
		}
	}
}
