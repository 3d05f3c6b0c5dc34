  0.01%     7f72bbfe5613:	c5 c1 ef ff          	vpxor  %xmm7,%xmm7,%xmm7
  0.03%     7f72bbfe5617:	c5 d9 ef e4          	vpxor  %xmm4,%xmm4,%xmm4
            7f72bbfe561b:	c4 41 09 ef f6       	vpxor  %xmm14,%xmm14,%xmm14
  0.02%     7f72bbfe5620:	c4 c2 6d 3b c9       	vpminud %ymm9,%ymm2,%ymm1
  0.05%     7f72bbfe5625:	c5 ed 76 c9          	vpcmpeqd %ymm1,%ymm2,%ymm1
  0.02%     7f72bbfe5629:	c5 fd eb c1          	vpor   %ymm1,%ymm0,%ymm0
  0.03%     7f72bbfe562d:	c5 fd df db          	vpandn %ymm3,%ymm0,%ymm3
  0.07%     7f72bbfe5631:	c5 b5 fe 84 24 40 01 	vpaddd 0x140(%rsp),%ymm9,%ymm0
            7f72bbfe5638:	00 00
  0.06%     7f72bbfe563a:	c5 3d db c3          	vpand  %ymm3,%ymm8,%ymm8
  0.06%     7f72bbfe563e:	c4 c1 39 76 cf       	vpcmpeqd %xmm15,%xmm8,%xmm1
  0.03%     7f72bbfe5643:	c4 c1 79 7e c8       	vmovd  %xmm1,%r8d
  0.02%     7f72bbfe5648:	41 f7 d0             	not    %r8d
  0.24%     7f72bbfe564b:	c5 fd 7f 84 24 60 01 	vmovdqa %ymm0,0x160(%rsp)
            7f72bbfe5652:	00 00
  0.01%     7f72bbfe5654:	c5 fd 72 f0 04       	vpslld $0x4,%ymm0,%ymm0
            7f72bbfe5659:	c5 fd 72 e0 02       	vpsrad $0x2,%ymm0,%ymm0
  0.01%     7f72bbfe565e:	41 f6 c0 01          	test   $0x1,%r8b
  0.07%     7f72bbfe5662:	74 65                	je     0x7f72bbfe56c9
            7f72bbfe5664:	48 8b 01             	mov    (%rcx),%rax
  0.05%     7f72bbfe5667:	c5 f9 7e c3          	vmovd  %xmm0,%ebx
            7f72bbfe566b:	c5 d9 ef e4          	vpxor  %xmm4,%xmm4,%xmm4
  0.04%     7f72bbfe566f:	c4 41 09 ef f6       	vpxor  %xmm14,%xmm14,%xmm14
  0.03%     7f72bbfe5674:	8b b0 08 06 00 00    	mov    0x608(%rax),%esi
  0.07%     7f72bbfe567a:	48 8b 90 00 06 00 00 	mov    0x600(%rax),%rdx
  0.05%     7f72bbfe5681:	c1 fe 02             	sar    $0x2,%esi
  0.06%     7f72bbfe5684:	39 f3                	cmp    %esi,%ebx
  0.03%     7f72bbfe5686:	73 08                	jae    0x7f72bbfe5690
            7f72bbfe5688:	48 63 c3             	movslq %ebx,%rax
  0.01%     7f72bbfe568b:	c5 79 6e 34 82       	vmovd  (%rdx,%rax,4),%xmm14
  4.43%     7f72bbfe5690:	89 df                	mov    %ebx,%edi
  0.01%     7f72bbfe5692:	83 cf 01             	or     $0x1,%edi
            7f72bbfe5695:	39 f7                	cmp    %esi,%edi
            7f72bbfe5697:	73 08                	jae    0x7f72bbfe56a1
            7f72bbfe5699:	48 63 c7             	movslq %edi,%rax
  0.01%     7f72bbfe569c:	c5 f9 6e 24 82       	vmovd  (%rdx,%rax,4),%xmm4
  0.05%     7f72bbfe56a1:	89 df                	mov    %ebx,%edi
            7f72bbfe56a3:	83 cf 02             	or     $0x2,%edi
            7f72bbfe56a6:	c5 c9 ef f6          	vpxor  %xmm6,%xmm6,%xmm6
            7f72bbfe56aa:	c5 c1 ef ff          	vpxor  %xmm7,%xmm7,%xmm7
            7f72bbfe56ae:	39 f7                	cmp    %esi,%edi
            7f72bbfe56b0:	73 08                	jae    0x7f72bbfe56ba
            7f72bbfe56b2:	48 63 c7             	movslq %edi,%rax
  0.08%     7f72bbfe56b5:	c5 f9 6e 3c 82       	vmovd  (%rdx,%rax,4),%xmm7
  0.03%     7f72bbfe56ba:	83 cb 03             	or     $0x3,%ebx
            7f72bbfe56bd:	39 f3                	cmp    %esi,%ebx
            7f72bbfe56bf:	73 08                	jae    0x7f72bbfe56c9
            7f72bbfe56c1:	48 63 c3             	movslq %ebx,%rax
  0.02%     7f72bbfe56c4:	c5 f9 6e 34 82       	vmovd  (%rdx,%rax,4),%xmm6
  0.06%     7f72bbfe56c9:	c4 c1 39 76 cf       	vpcmpeqd %xmm15,%xmm8,%xmm1
  0.07%     7f72bbfe56ce:	c5 a9 ef c9          	vpxor  %xmm1,%xmm10,%xmm1
