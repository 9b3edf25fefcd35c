# Integer division for axpsec's freestanding runtime.
#
# Alpha has no divide instruction; gcc calls __divq, __divqu, __remq,
# __remqu, __divl, __divlu, __reml and __remlu with a private convention:
# operands in t10 ($24) and t11 ($25), result in t12 ($27), return address
# in t9 ($23); only t9, t12 and AT ($28) may change. These are plain
# restoring shift-and-subtract loops (64 steps). Division by zero raises
# gentrap GEN_INTDIV (SIGFPE, FPE_INTDIV) as Linux programs expect.
	.file	"divide.S"
	.set	noreorder
	.set	noat
	.text

.macro	DIVFN name, signed, is32, rem
	.align	4
	.globl	\name
	.ent	\name
\name:
	.frame	$30, 64, $23, 0
	lda	$30, -64($30)
	stq	$0, 0($30)
	stq	$1, 8($30)
	stq	$2, 16($30)
	stq	$3, 24($30)
	stq	$4, 32($30)
	stq	$5, 40($30)
	stq	$16, 48($30)
	.prologue 0
	mov	$24, $4
	mov	$25, $5
	.if \is32
	.if \signed
	addl	$4, 0, $4
	addl	$5, 0, $5
	.else
	zapnot	$4, 15, $4
	zapnot	$5, 15, $5
	.endif
	.endif
	bne	$5, 1f
	lda	$16, -2($31)
	call_pal 0xaa
1:	clr	$2
	.if \signed
	.if \rem
	srl	$4, 63, $2
	.else
	xor	$4, $5, $2
	srl	$2, 63, $2
	.endif
	subq	$31, $4, $0
	cmovlt	$4, $0, $4
	subq	$31, $5, $0
	cmovlt	$5, $0, $5
	.endif
	clr	$1
	clr	$27
	lda	$3, 64($31)
2:	srl	$1, 63, $0
	addq	$1, $1, $1
	srl	$4, 63, $28
	or	$1, $28, $1
	addq	$4, $4, $4
	addq	$27, $27, $27
	cmpule	$5, $1, $28
	or	$28, $0, $28
	beq	$28, 3f
	subq	$1, $5, $1
	or	$27, 1, $27
3:	subq	$3, 1, $3
	bne	$3, 2b
	.if \rem
	mov	$1, $27
	.endif
	subq	$31, $27, $0
	cmovne	$2, $0, $27
	.if \is32
	addl	$27, 0, $27
	.endif
	ldq	$0, 0($30)
	ldq	$1, 8($30)
	ldq	$2, 16($30)
	ldq	$3, 24($30)
	ldq	$4, 32($30)
	ldq	$5, 40($30)
	ldq	$16, 48($30)
	lda	$30, 64($30)
	ret	$31, ($23), 1
	.end	\name
.endm

	DIVFN	__divq,  1, 0, 0
	DIVFN	__divqu, 0, 0, 0
	DIVFN	__remq,  1, 0, 1
	DIVFN	__remqu, 0, 0, 1
	DIVFN	__divl,  1, 1, 0
	DIVFN	__divlu, 0, 1, 0
	DIVFN	__reml,  1, 1, 1
	DIVFN	__remlu, 0, 1, 1

	.section .note.GNU-stack, "", @progbits
