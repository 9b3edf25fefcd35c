# _start for axpsec's freestanding Alpha runtime.
#
# Linux enters here with sp pointing at argc (16-byte aligned) and r0 = 0.
# We derive gp from our own address, pass the initial sp to rt_start (which
# never returns) and leave a halt behind it as glibc's _start does.
	.file	"start.S"
	.set	noreorder
	.text
	.align	4
	.globl	_start
	.ent	_start
_start:
	.frame	$30, 0, $26, 0
	br	$29, 1f
1:	ldgp	$29, 0($29)
	.prologue 0
	mov	$30, $16
	mov	$31, $15
	jsr	$26, rt_start
	call_pal 0
	.end	_start
	.section .note.GNU-stack, "", @progbits
