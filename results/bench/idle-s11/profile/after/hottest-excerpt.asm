  0.08%     7fe81daf5b9b:	8b b0 08 07 00 00    	mov    0x708(%rax),%esi
  0.03%     7fe81daf5ba1:	48 8b 90 00 07 00 00 	mov    0x700(%rax),%rdx
            7fe81daf5ba8:	c1 fe 02             	sar    $0x2,%esi
  0.04%     7fe81daf5bab:	39 f3                	cmp    %esi,%ebx
            7fe81daf5bad:	0f 83 fd 00 00 00    	jae    0x7fe81daf5cb0
  0.01%     7fe81daf5bb3:	48 63 c3             	movslq %ebx,%rax
  0.03%     7fe81daf5bb6:	c4 e2 7d 58 14 82    	vpbroadcastd (%rdx,%rax,4),%ymm2
  1.04%     7fe81daf5bbc:	c4 63 1d 02 e2 40    	vpblendd $0x40,%ymm2,%ymm12,%ymm12
  0.15%     7fe81daf5bc2:	e9 ef 00 00 00       	jmp    0x7fe81daf5cb6
            7fe81daf5bc7:	66 0f 1f 84 00 00 00 	nopw   0x0(%rax,%rax,1)
            7fe81daf5bce:	00 00
            7fe81daf5bd0:	48 8b 01             	mov    (%rcx),%rax
  0.03%     7fe81daf5bd3:	44 89 84 24 80 01 00 	mov    %r8d,0x180(%rsp)
            7fe81daf5bda:	00
  0.12%     7fe81daf5bdb:	45 89 f0             	mov    %r14d,%r8d
  0.01%     7fe81daf5bde:	45 89 ee             	mov    %r13d,%r14d
            7fe81daf5be1:	45 89 fd             	mov    %r15d,%r13d
            7fe81daf5be4:	45 89 d7             	mov    %r10d,%r15d
  0.02%     7fe81daf5be7:	45 89 ca             	mov    %r9d,%r10d
  0.05%     7fe81daf5bea:	45 89 d9             	mov    %r11d,%r9d
            7fe81daf5bed:	c4 c1 79 7e cb       	vmovd  %xmm1,%r11d
  0.06%     7fe81daf5bf2:	c4 41 39 ef c0       	vpxor  %xmm8,%xmm8,%xmm8
  0.02%     7fe81daf5bf7:	c4 41 19 ef e4       	vpxor  %xmm12,%xmm12,%xmm12
  0.02%     7fe81daf5bfc:	8b b0 08 07 00 00    	mov    0x708(%rax),%esi
  0.04%     7fe81daf5c02:	48 8b 90 00 07 00 00 	mov    0x700(%rax),%rdx
  0.03%     7fe81daf5c09:	c1 fe 02             	sar    $0x2,%esi
  0.16%     7fe81daf5c0c:	41 39 f3             	cmp    %esi,%r11d
            7fe81daf5c0f:	73 08                	jae    0x7fe81daf5c19
            7fe81daf5c11:	49 63 c3             	movslq %r11d,%rax
  0.03%     7fe81daf5c14:	c5 79 6e 24 82       	vmovd  (%rdx,%rax,4),%xmm12
  3.44%     7fe81daf5c19:	44 89 df             	mov    %r11d,%edi
            7fe81daf5c1c:	83 cf 01             	or     $0x1,%edi
  0.01%     7fe81daf5c1f:	39 f7                	cmp    %esi,%edi
            7fe81daf5c21:	73 08                	jae    0x7fe81daf5c2b
            7fe81daf5c23:	48 63 c7             	movslq %edi,%rax
            7fe81daf5c26:	c5 79 6e 04 82       	vmovd  (%rdx,%rax,4),%xmm8
  0.02%     7fe81daf5c2b:	44 89 db             	mov    %r11d,%ebx
            7fe81daf5c2e:	83 cb 02             	or     $0x2,%ebx
  0.01%     7fe81daf5c31:	c5 c1 ef ff          	vpxor  %xmm7,%xmm7,%xmm7
            7fe81daf5c35:	c5 d9 ef e4          	vpxor  %xmm4,%xmm4,%xmm4
            7fe81daf5c39:	39 f3                	cmp    %esi,%ebx
  0.05%     7fe81daf5c3b:	73 08                	jae    0x7fe81daf5c45
            7fe81daf5c3d:	48 63 c3             	movslq %ebx,%rax
            7fe81daf5c40:	c5 f9 6e 24 82       	vmovd  (%rdx,%rax,4),%xmm4
  0.04%     7fe81daf5c45:	41 83 cb 03          	or     $0x3,%r11d
  0.01%     7fe81daf5c49:	41 39 f3             	cmp    %esi,%r11d
  0.01%     7fe81daf5c4c:	73 08                	jae    0x7fe81daf5c56
            7fe81daf5c4e:	49 63 c3             	movslq %r11d,%rax
  0.03%     7fe81daf5c51:	c5 f9 6e 3c 82       	vmovd  (%rdx,%rax,4),%xmm7
  0.04%     7fe81daf5c56:	45 89 cb             	mov    %r9d,%r11d
            7fe81daf5c59:	45 89 d1             	mov    %r10d,%r9d
