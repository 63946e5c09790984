//go:build !purego

#include "textflag.h"

// Activation and optimizer routines for amd64: sigmoid, tanh and softplus
// forward and backward, SGD with momentum (plain and Nesterov) and Adam,
// each in an AVX2 version (whole 8-lane vectors, Y registers) and an
// AVX-512 version (any length, Z registers, the last partial vector under
// an opmask). The algorithms are those of kernels/generic_nn.go (sigmoidf,
// tanhf, softplusf) on top of kernels/exp.go's expf, lane by lane, with
// fused multiply-adds in the polynomials.
//
// The arithmetic is written once, in macros whose register arguments are
// either Y or Z registers: every instruction in them exists in a VEX form
// (AVX, AVX2, FMA3) and an EVEX form (AVX512F, AVX512DQ for the bitwise
// VANDPS, VANDNPS, VORPS on Z), the constants come from memory rows of 64
// bytes (a Y operand reads the first 32), and choices between lanes are
// bitwise (masks made with VPSRAD $31 from a sign bit) rather than
// VBLENDVPS, which has no EVEX form.
//
// Constants: one 64-byte row each, the value in all 16 lanes.

#define NN_HI 0
#define NN_LO 64
#define NN_LOG2E 128
#define NN_MAGIC 192
#define NN_LN2HI 256
#define NN_LN2LO 320
#define NN_P0 384
#define NN_P1 448
#define NN_P2 512
#define NN_P3 576
#define NN_P4 640
#define NN_HALF 704
#define NN_ONE 768
#define NN_SIGN 832
#define NN_ABS 896
#define NN_NEGTWO 960
#define NN_NEGHALF 1024
#define NN_TSMALL 1088
#define NN_TP0 1152
#define NN_TP1 1216
#define NN_TP2 1280
#define NN_TP3 1344
#define NN_TP4 1408
#define NN_SQRT2 1472
#define NN_LP0 1536
#define NN_LP1 1600
#define NN_LP2 1664
#define NN_LP3 1728
#define NN_LP4 1792
#define NN_LP5 1856
#define NN_LP6 1920
#define NN_LP7 1984
#define NN_LP8 2048

// expHi = 88.72283935546875: above it e^x overflows (the algorithm gives +Inf at expHi itself)
DATA nnTab<>+0(SB)/8, $0x42b1721842b17218
DATA nnTab<>+8(SB)/8, $0x42b1721842b17218
DATA nnTab<>+16(SB)/8, $0x42b1721842b17218
DATA nnTab<>+24(SB)/8, $0x42b1721842b17218
DATA nnTab<>+32(SB)/8, $0x42b1721842b17218
DATA nnTab<>+40(SB)/8, $0x42b1721842b17218
DATA nnTab<>+48(SB)/8, $0x42b1721842b17218
DATA nnTab<>+56(SB)/8, $0x42b1721842b17218
// −104: the lower clamp of exp; from there up to expLo the algorithm gives 0
DATA nnTab<>+64(SB)/8, $0xc2d00000c2d00000
DATA nnTab<>+72(SB)/8, $0xc2d00000c2d00000
DATA nnTab<>+80(SB)/8, $0xc2d00000c2d00000
DATA nnTab<>+88(SB)/8, $0xc2d00000c2d00000
DATA nnTab<>+96(SB)/8, $0xc2d00000c2d00000
DATA nnTab<>+104(SB)/8, $0xc2d00000c2d00000
DATA nnTab<>+112(SB)/8, $0xc2d00000c2d00000
DATA nnTab<>+120(SB)/8, $0xc2d00000c2d00000
// log2(e)
DATA nnTab<>+128(SB)/8, $0x3fb8aa3b3fb8aa3b
DATA nnTab<>+136(SB)/8, $0x3fb8aa3b3fb8aa3b
DATA nnTab<>+144(SB)/8, $0x3fb8aa3b3fb8aa3b
DATA nnTab<>+152(SB)/8, $0x3fb8aa3b3fb8aa3b
DATA nnTab<>+160(SB)/8, $0x3fb8aa3b3fb8aa3b
DATA nnTab<>+168(SB)/8, $0x3fb8aa3b3fb8aa3b
DATA nnTab<>+176(SB)/8, $0x3fb8aa3b3fb8aa3b
DATA nnTab<>+184(SB)/8, $0x3fb8aa3b3fb8aa3b
// 1.5·2²³: x + magic rounds x to an integer, which lands in the low mantissa bits
DATA nnTab<>+192(SB)/8, $0x4b4000004b400000
DATA nnTab<>+200(SB)/8, $0x4b4000004b400000
DATA nnTab<>+208(SB)/8, $0x4b4000004b400000
DATA nnTab<>+216(SB)/8, $0x4b4000004b400000
DATA nnTab<>+224(SB)/8, $0x4b4000004b400000
DATA nnTab<>+232(SB)/8, $0x4b4000004b400000
DATA nnTab<>+240(SB)/8, $0x4b4000004b400000
DATA nnTab<>+248(SB)/8, $0x4b4000004b400000
// ln2Hi = 0.693359375, 9 significant bits
DATA nnTab<>+256(SB)/8, $0x3f3180003f318000
DATA nnTab<>+264(SB)/8, $0x3f3180003f318000
DATA nnTab<>+272(SB)/8, $0x3f3180003f318000
DATA nnTab<>+280(SB)/8, $0x3f3180003f318000
DATA nnTab<>+288(SB)/8, $0x3f3180003f318000
DATA nnTab<>+296(SB)/8, $0x3f3180003f318000
DATA nnTab<>+304(SB)/8, $0x3f3180003f318000
DATA nnTab<>+312(SB)/8, $0x3f3180003f318000
// ln2Lo = −2.12194440e−4 = ln 2 − ln2Hi, rounded
DATA nnTab<>+320(SB)/8, $0xb95e8083b95e8083
DATA nnTab<>+328(SB)/8, $0xb95e8083b95e8083
DATA nnTab<>+336(SB)/8, $0xb95e8083b95e8083
DATA nnTab<>+344(SB)/8, $0xb95e8083b95e8083
DATA nnTab<>+352(SB)/8, $0xb95e8083b95e8083
DATA nnTab<>+360(SB)/8, $0xb95e8083b95e8083
DATA nnTab<>+368(SB)/8, $0xb95e8083b95e8083
DATA nnTab<>+376(SB)/8, $0xb95e8083b95e8083
// exp P0 = 1.9875691500e−4
DATA nnTab<>+384(SB)/8, $0x3950696739506967
DATA nnTab<>+392(SB)/8, $0x3950696739506967
DATA nnTab<>+400(SB)/8, $0x3950696739506967
DATA nnTab<>+408(SB)/8, $0x3950696739506967
DATA nnTab<>+416(SB)/8, $0x3950696739506967
DATA nnTab<>+424(SB)/8, $0x3950696739506967
DATA nnTab<>+432(SB)/8, $0x3950696739506967
DATA nnTab<>+440(SB)/8, $0x3950696739506967
// exp P1 = 1.3981999507e−3
DATA nnTab<>+448(SB)/8, $0x3ab743ce3ab743ce
DATA nnTab<>+456(SB)/8, $0x3ab743ce3ab743ce
DATA nnTab<>+464(SB)/8, $0x3ab743ce3ab743ce
DATA nnTab<>+472(SB)/8, $0x3ab743ce3ab743ce
DATA nnTab<>+480(SB)/8, $0x3ab743ce3ab743ce
DATA nnTab<>+488(SB)/8, $0x3ab743ce3ab743ce
DATA nnTab<>+496(SB)/8, $0x3ab743ce3ab743ce
DATA nnTab<>+504(SB)/8, $0x3ab743ce3ab743ce
// exp P2 = 8.3334519073e−3
DATA nnTab<>+512(SB)/8, $0x3c0889083c088908
DATA nnTab<>+520(SB)/8, $0x3c0889083c088908
DATA nnTab<>+528(SB)/8, $0x3c0889083c088908
DATA nnTab<>+536(SB)/8, $0x3c0889083c088908
DATA nnTab<>+544(SB)/8, $0x3c0889083c088908
DATA nnTab<>+552(SB)/8, $0x3c0889083c088908
DATA nnTab<>+560(SB)/8, $0x3c0889083c088908
DATA nnTab<>+568(SB)/8, $0x3c0889083c088908
// exp P3 = 4.1665795894e−2
DATA nnTab<>+576(SB)/8, $0x3d2aa9c13d2aa9c1
DATA nnTab<>+584(SB)/8, $0x3d2aa9c13d2aa9c1
DATA nnTab<>+592(SB)/8, $0x3d2aa9c13d2aa9c1
DATA nnTab<>+600(SB)/8, $0x3d2aa9c13d2aa9c1
DATA nnTab<>+608(SB)/8, $0x3d2aa9c13d2aa9c1
DATA nnTab<>+616(SB)/8, $0x3d2aa9c13d2aa9c1
DATA nnTab<>+624(SB)/8, $0x3d2aa9c13d2aa9c1
DATA nnTab<>+632(SB)/8, $0x3d2aa9c13d2aa9c1
// exp P4 = 1.6666665459e−1
DATA nnTab<>+640(SB)/8, $0x3e2aaaaa3e2aaaaa
DATA nnTab<>+648(SB)/8, $0x3e2aaaaa3e2aaaaa
DATA nnTab<>+656(SB)/8, $0x3e2aaaaa3e2aaaaa
DATA nnTab<>+664(SB)/8, $0x3e2aaaaa3e2aaaaa
DATA nnTab<>+672(SB)/8, $0x3e2aaaaa3e2aaaaa
DATA nnTab<>+680(SB)/8, $0x3e2aaaaa3e2aaaaa
DATA nnTab<>+688(SB)/8, $0x3e2aaaaa3e2aaaaa
DATA nnTab<>+696(SB)/8, $0x3e2aaaaa3e2aaaaa
// 0.5, also exp P5 = 5.0000001201e−1 rounded to float32
DATA nnTab<>+704(SB)/8, $0x3f0000003f000000
DATA nnTab<>+712(SB)/8, $0x3f0000003f000000
DATA nnTab<>+720(SB)/8, $0x3f0000003f000000
DATA nnTab<>+728(SB)/8, $0x3f0000003f000000
DATA nnTab<>+736(SB)/8, $0x3f0000003f000000
DATA nnTab<>+744(SB)/8, $0x3f0000003f000000
DATA nnTab<>+752(SB)/8, $0x3f0000003f000000
DATA nnTab<>+760(SB)/8, $0x3f0000003f000000
// 1, whose bits are also the exponent bias 127<<23
DATA nnTab<>+768(SB)/8, $0x3f8000003f800000
DATA nnTab<>+776(SB)/8, $0x3f8000003f800000
DATA nnTab<>+784(SB)/8, $0x3f8000003f800000
DATA nnTab<>+792(SB)/8, $0x3f8000003f800000
DATA nnTab<>+800(SB)/8, $0x3f8000003f800000
DATA nnTab<>+808(SB)/8, $0x3f8000003f800000
DATA nnTab<>+816(SB)/8, $0x3f8000003f800000
DATA nnTab<>+824(SB)/8, $0x3f8000003f800000
// the sign bit
DATA nnTab<>+832(SB)/8, $0x8000000080000000
DATA nnTab<>+840(SB)/8, $0x8000000080000000
DATA nnTab<>+848(SB)/8, $0x8000000080000000
DATA nnTab<>+856(SB)/8, $0x8000000080000000
DATA nnTab<>+864(SB)/8, $0x8000000080000000
DATA nnTab<>+872(SB)/8, $0x8000000080000000
DATA nnTab<>+880(SB)/8, $0x8000000080000000
DATA nnTab<>+888(SB)/8, $0x8000000080000000
// all bits but the sign
DATA nnTab<>+896(SB)/8, $0x7fffffff7fffffff
DATA nnTab<>+904(SB)/8, $0x7fffffff7fffffff
DATA nnTab<>+912(SB)/8, $0x7fffffff7fffffff
DATA nnTab<>+920(SB)/8, $0x7fffffff7fffffff
DATA nnTab<>+928(SB)/8, $0x7fffffff7fffffff
DATA nnTab<>+936(SB)/8, $0x7fffffff7fffffff
DATA nnTab<>+944(SB)/8, $0x7fffffff7fffffff
DATA nnTab<>+952(SB)/8, $0x7fffffff7fffffff
// −2
DATA nnTab<>+960(SB)/8, $0xc0000000c0000000
DATA nnTab<>+968(SB)/8, $0xc0000000c0000000
DATA nnTab<>+976(SB)/8, $0xc0000000c0000000
DATA nnTab<>+984(SB)/8, $0xc0000000c0000000
DATA nnTab<>+992(SB)/8, $0xc0000000c0000000
DATA nnTab<>+1000(SB)/8, $0xc0000000c0000000
DATA nnTab<>+1008(SB)/8, $0xc0000000c0000000
DATA nnTab<>+1016(SB)/8, $0xc0000000c0000000
// −0.5
DATA nnTab<>+1024(SB)/8, $0xbf000000bf000000
DATA nnTab<>+1032(SB)/8, $0xbf000000bf000000
DATA nnTab<>+1040(SB)/8, $0xbf000000bf000000
DATA nnTab<>+1048(SB)/8, $0xbf000000bf000000
DATA nnTab<>+1056(SB)/8, $0xbf000000bf000000
DATA nnTab<>+1064(SB)/8, $0xbf000000bf000000
DATA nnTab<>+1072(SB)/8, $0xbf000000bf000000
DATA nnTab<>+1080(SB)/8, $0xbf000000bf000000
// tanhSmall = 0.625: below it tanh is a polynomial
DATA nnTab<>+1088(SB)/8, $0x3f2000003f200000
DATA nnTab<>+1096(SB)/8, $0x3f2000003f200000
DATA nnTab<>+1104(SB)/8, $0x3f2000003f200000
DATA nnTab<>+1112(SB)/8, $0x3f2000003f200000
DATA nnTab<>+1120(SB)/8, $0x3f2000003f200000
DATA nnTab<>+1128(SB)/8, $0x3f2000003f200000
DATA nnTab<>+1136(SB)/8, $0x3f2000003f200000
DATA nnTab<>+1144(SB)/8, $0x3f2000003f200000
// tanh P0 = −5.70498872745e−3
DATA nnTab<>+1152(SB)/8, $0xbbbaf0eabbbaf0ea
DATA nnTab<>+1160(SB)/8, $0xbbbaf0eabbbaf0ea
DATA nnTab<>+1168(SB)/8, $0xbbbaf0eabbbaf0ea
DATA nnTab<>+1176(SB)/8, $0xbbbaf0eabbbaf0ea
DATA nnTab<>+1184(SB)/8, $0xbbbaf0eabbbaf0ea
DATA nnTab<>+1192(SB)/8, $0xbbbaf0eabbbaf0ea
DATA nnTab<>+1200(SB)/8, $0xbbbaf0eabbbaf0ea
DATA nnTab<>+1208(SB)/8, $0xbbbaf0eabbbaf0ea
// tanh P1 = 2.06390887954e−2
DATA nnTab<>+1216(SB)/8, $0x3ca9134e3ca9134e
DATA nnTab<>+1224(SB)/8, $0x3ca9134e3ca9134e
DATA nnTab<>+1232(SB)/8, $0x3ca9134e3ca9134e
DATA nnTab<>+1240(SB)/8, $0x3ca9134e3ca9134e
DATA nnTab<>+1248(SB)/8, $0x3ca9134e3ca9134e
DATA nnTab<>+1256(SB)/8, $0x3ca9134e3ca9134e
DATA nnTab<>+1264(SB)/8, $0x3ca9134e3ca9134e
DATA nnTab<>+1272(SB)/8, $0x3ca9134e3ca9134e
// tanh P2 = −5.37397155531e−2
DATA nnTab<>+1280(SB)/8, $0xbd5c1e2dbd5c1e2d
DATA nnTab<>+1288(SB)/8, $0xbd5c1e2dbd5c1e2d
DATA nnTab<>+1296(SB)/8, $0xbd5c1e2dbd5c1e2d
DATA nnTab<>+1304(SB)/8, $0xbd5c1e2dbd5c1e2d
DATA nnTab<>+1312(SB)/8, $0xbd5c1e2dbd5c1e2d
DATA nnTab<>+1320(SB)/8, $0xbd5c1e2dbd5c1e2d
DATA nnTab<>+1328(SB)/8, $0xbd5c1e2dbd5c1e2d
DATA nnTab<>+1336(SB)/8, $0xbd5c1e2dbd5c1e2d
// tanh P3 = 1.33314422036e−1
DATA nnTab<>+1344(SB)/8, $0x3e0883933e088393
DATA nnTab<>+1352(SB)/8, $0x3e0883933e088393
DATA nnTab<>+1360(SB)/8, $0x3e0883933e088393
DATA nnTab<>+1368(SB)/8, $0x3e0883933e088393
DATA nnTab<>+1376(SB)/8, $0x3e0883933e088393
DATA nnTab<>+1384(SB)/8, $0x3e0883933e088393
DATA nnTab<>+1392(SB)/8, $0x3e0883933e088393
DATA nnTab<>+1400(SB)/8, $0x3e0883933e088393
// tanh P4 = −3.33332819422e−1
DATA nnTab<>+1408(SB)/8, $0xbeaaaa99beaaaa99
DATA nnTab<>+1416(SB)/8, $0xbeaaaa99beaaaa99
DATA nnTab<>+1424(SB)/8, $0xbeaaaa99beaaaa99
DATA nnTab<>+1432(SB)/8, $0xbeaaaa99beaaaa99
DATA nnTab<>+1440(SB)/8, $0xbeaaaa99beaaaa99
DATA nnTab<>+1448(SB)/8, $0xbeaaaa99beaaaa99
DATA nnTab<>+1456(SB)/8, $0xbeaaaa99beaaaa99
DATA nnTab<>+1464(SB)/8, $0xbeaaaa99beaaaa99
// √2 rounded to float32: log's switch to u/2
DATA nnTab<>+1472(SB)/8, $0x3fb504f33fb504f3
DATA nnTab<>+1480(SB)/8, $0x3fb504f33fb504f3
DATA nnTab<>+1488(SB)/8, $0x3fb504f33fb504f3
DATA nnTab<>+1496(SB)/8, $0x3fb504f33fb504f3
DATA nnTab<>+1504(SB)/8, $0x3fb504f33fb504f3
DATA nnTab<>+1512(SB)/8, $0x3fb504f33fb504f3
DATA nnTab<>+1520(SB)/8, $0x3fb504f33fb504f3
DATA nnTab<>+1528(SB)/8, $0x3fb504f33fb504f3
// log P0 = 7.0376836292e−2
DATA nnTab<>+1536(SB)/8, $0x3d9021bb3d9021bb
DATA nnTab<>+1544(SB)/8, $0x3d9021bb3d9021bb
DATA nnTab<>+1552(SB)/8, $0x3d9021bb3d9021bb
DATA nnTab<>+1560(SB)/8, $0x3d9021bb3d9021bb
DATA nnTab<>+1568(SB)/8, $0x3d9021bb3d9021bb
DATA nnTab<>+1576(SB)/8, $0x3d9021bb3d9021bb
DATA nnTab<>+1584(SB)/8, $0x3d9021bb3d9021bb
DATA nnTab<>+1592(SB)/8, $0x3d9021bb3d9021bb
// log P1 = −1.1514610310e−1
DATA nnTab<>+1600(SB)/8, $0xbdebd1b8bdebd1b8
DATA nnTab<>+1608(SB)/8, $0xbdebd1b8bdebd1b8
DATA nnTab<>+1616(SB)/8, $0xbdebd1b8bdebd1b8
DATA nnTab<>+1624(SB)/8, $0xbdebd1b8bdebd1b8
DATA nnTab<>+1632(SB)/8, $0xbdebd1b8bdebd1b8
DATA nnTab<>+1640(SB)/8, $0xbdebd1b8bdebd1b8
DATA nnTab<>+1648(SB)/8, $0xbdebd1b8bdebd1b8
DATA nnTab<>+1656(SB)/8, $0xbdebd1b8bdebd1b8
// log P2 = 1.1676998740e−1
DATA nnTab<>+1664(SB)/8, $0x3def251a3def251a
DATA nnTab<>+1672(SB)/8, $0x3def251a3def251a
DATA nnTab<>+1680(SB)/8, $0x3def251a3def251a
DATA nnTab<>+1688(SB)/8, $0x3def251a3def251a
DATA nnTab<>+1696(SB)/8, $0x3def251a3def251a
DATA nnTab<>+1704(SB)/8, $0x3def251a3def251a
DATA nnTab<>+1712(SB)/8, $0x3def251a3def251a
DATA nnTab<>+1720(SB)/8, $0x3def251a3def251a
// log P3 = −1.2420140846e−1
DATA nnTab<>+1728(SB)/8, $0xbdfe5d4fbdfe5d4f
DATA nnTab<>+1736(SB)/8, $0xbdfe5d4fbdfe5d4f
DATA nnTab<>+1744(SB)/8, $0xbdfe5d4fbdfe5d4f
DATA nnTab<>+1752(SB)/8, $0xbdfe5d4fbdfe5d4f
DATA nnTab<>+1760(SB)/8, $0xbdfe5d4fbdfe5d4f
DATA nnTab<>+1768(SB)/8, $0xbdfe5d4fbdfe5d4f
DATA nnTab<>+1776(SB)/8, $0xbdfe5d4fbdfe5d4f
DATA nnTab<>+1784(SB)/8, $0xbdfe5d4fbdfe5d4f
// log P4 = 1.4249322787e−1
DATA nnTab<>+1792(SB)/8, $0x3e11e9bf3e11e9bf
DATA nnTab<>+1800(SB)/8, $0x3e11e9bf3e11e9bf
DATA nnTab<>+1808(SB)/8, $0x3e11e9bf3e11e9bf
DATA nnTab<>+1816(SB)/8, $0x3e11e9bf3e11e9bf
DATA nnTab<>+1824(SB)/8, $0x3e11e9bf3e11e9bf
DATA nnTab<>+1832(SB)/8, $0x3e11e9bf3e11e9bf
DATA nnTab<>+1840(SB)/8, $0x3e11e9bf3e11e9bf
DATA nnTab<>+1848(SB)/8, $0x3e11e9bf3e11e9bf
// log P5 = −1.6668057665e−1
DATA nnTab<>+1856(SB)/8, $0xbe2aae50be2aae50
DATA nnTab<>+1864(SB)/8, $0xbe2aae50be2aae50
DATA nnTab<>+1872(SB)/8, $0xbe2aae50be2aae50
DATA nnTab<>+1880(SB)/8, $0xbe2aae50be2aae50
DATA nnTab<>+1888(SB)/8, $0xbe2aae50be2aae50
DATA nnTab<>+1896(SB)/8, $0xbe2aae50be2aae50
DATA nnTab<>+1904(SB)/8, $0xbe2aae50be2aae50
DATA nnTab<>+1912(SB)/8, $0xbe2aae50be2aae50
// log P6 = 2.0000714765e−1
DATA nnTab<>+1920(SB)/8, $0x3e4cceac3e4cceac
DATA nnTab<>+1928(SB)/8, $0x3e4cceac3e4cceac
DATA nnTab<>+1936(SB)/8, $0x3e4cceac3e4cceac
DATA nnTab<>+1944(SB)/8, $0x3e4cceac3e4cceac
DATA nnTab<>+1952(SB)/8, $0x3e4cceac3e4cceac
DATA nnTab<>+1960(SB)/8, $0x3e4cceac3e4cceac
DATA nnTab<>+1968(SB)/8, $0x3e4cceac3e4cceac
DATA nnTab<>+1976(SB)/8, $0x3e4cceac3e4cceac
// log P7 = −2.4999993993e−1
DATA nnTab<>+1984(SB)/8, $0xbe7ffffcbe7ffffc
DATA nnTab<>+1992(SB)/8, $0xbe7ffffcbe7ffffc
DATA nnTab<>+2000(SB)/8, $0xbe7ffffcbe7ffffc
DATA nnTab<>+2008(SB)/8, $0xbe7ffffcbe7ffffc
DATA nnTab<>+2016(SB)/8, $0xbe7ffffcbe7ffffc
DATA nnTab<>+2024(SB)/8, $0xbe7ffffcbe7ffffc
DATA nnTab<>+2032(SB)/8, $0xbe7ffffcbe7ffffc
DATA nnTab<>+2040(SB)/8, $0xbe7ffffcbe7ffffc
// log P8 = 3.3333331174e−1
DATA nnTab<>+2048(SB)/8, $0x3eaaaaaa3eaaaaaa
DATA nnTab<>+2056(SB)/8, $0x3eaaaaaa3eaaaaaa
DATA nnTab<>+2064(SB)/8, $0x3eaaaaaa3eaaaaaa
DATA nnTab<>+2072(SB)/8, $0x3eaaaaaa3eaaaaaa
DATA nnTab<>+2080(SB)/8, $0x3eaaaaaa3eaaaaaa
DATA nnTab<>+2088(SB)/8, $0x3eaaaaaa3eaaaaaa
DATA nnTab<>+2096(SB)/8, $0x3eaaaaaa3eaaaaaa
DATA nnTab<>+2104(SB)/8, $0x3eaaaaaa3eaaaaaa
GLOBL nnTab<>(SB), RODATA|NOPTR, $2112

// NN_EXP(X, T, N, P, E, HI, LO, ONE) sets P = e^X lane by lane (expf of
// kernels/exp.go), clobbering X, T, N and E; HI, LO and ONE hold expHi,
// −104 and 1 in every lane. Step by step:
//	x = min(expHi, x), NaN kept (x is VMINPS's second source)
//	x = max(−104, x), NaN kept
//	t = x·log2e + magic: n = round(x·log2e) in the low mantissa bits
//	n = t − magic
//	r = x − n·ln2Hi (exact), r = r − n·ln2Lo
//	p = P0, then p = p·r + P1 … P5 (Horner)
//	p = p·r² + r, then p = p + 1 ≈ e^r
//	n as an integer, bits(t) − bits(magic); n1 = n>>1, n2 = n − n1
//	2^n1 = (n1+127)<<23, 2^n2 = (n2+127)<<23 (both normal for n in [−150, 128])
//	p·2^n1 (exact), then ·2^n2 (rounded once, denormal results included)
// Clamping reproduces expf's range checks: at expHi the result is +Inf
// (n = 128), on [−104, expLo) it rounds to 0 (n = −150).
#define NN_EXP(X, T, N, P, E, HI, LO, ONE) \
	VMINPS       X, HI, X; \
	VMAXPS       X, LO, X; \
	VMOVUPS      nnTab<>+NN_MAGIC(SB), T; \
	VFMADD231PS  nnTab<>+NN_LOG2E(SB), X, T; \
	VSUBPS       nnTab<>+NN_MAGIC(SB), T, N; \
	VFNMADD231PS nnTab<>+NN_LN2HI(SB), N, X; \
	VFNMADD231PS nnTab<>+NN_LN2LO(SB), N, X; \
	VMOVUPS      nnTab<>+NN_P0(SB), P; \
	VFMADD213PS  nnTab<>+NN_P1(SB), X, P; \
	VFMADD213PS  nnTab<>+NN_P2(SB), X, P; \
	VFMADD213PS  nnTab<>+NN_P3(SB), X, P; \
	VFMADD213PS  nnTab<>+NN_P4(SB), X, P; \
	VFMADD213PS  nnTab<>+NN_HALF(SB), X, P; \
	VMULPS       X, X, N; \
	VFMADD213PS  X, N, P; \
	VADDPS       ONE, P, P; \
	VPSUBD       nnTab<>+NN_MAGIC(SB), T, T; \
	VPSRAD       $1, T, E; \
	VPSUBD       E, T, T; \
	VPSLLD       $23, E, E; \
	VPADDD       ONE, E, E; \
	VPSLLD       $23, T, T; \
	VPADDD       ONE, T, T; \
	VMULPS       E, P, P; \
	VMULPS       T, P, P

// NN_SIGMOID(X, OUT, T, N, P, E, HI, LO, ONE) sets OUT = sigmoid(X)
// (sigmoidf of kernels/generic_nn.go), keeping X and clobbering T, N, P,
// E:
//	out = x | sign = −|x|
//	p = e^out = e
//	t = 1/(1 + e) = r
//	n = x>>31 (arithmetic): all ones in the lanes whose sign bit is set
//	p = (n & e) | (^n & 1): e where x is negative, 1 elsewhere
//	out = p·r
#define NN_SIGMOID(X, OUT, T, N, P, E, HI, LO, ONE) \
	VORPS   nnTab<>+NN_SIGN(SB), X, OUT; \
	NN_EXP(OUT, T, N, P, E, HI, LO, ONE); \
	VADDPS  ONE, P, T; \
	VDIVPS  T, ONE, T; \
	VPSRAD  $31, X, N; \
	VANDPS  P, N, P; \
	VANDNPS ONE, N, N; \
	VORPS   N, P, P; \
	VMULPS  T, P, OUT

// NN_TANH(X, OUT, A, T, N, P, E, M, HI, LO, ONE) sets OUT = tanh(X)
// (tanhf of kernels/generic_nn.go), keeping X and clobbering A, T, N, P,
// E and M:
//	a = |x|
//	m = (a − 0.625)>>31: all ones where a < tanhSmall (not for NaN)
//	out = z = a², p = TP0, then p = p·z + TP1 … TP4 (Horner)
//	out = a·z, then out = out·p + a: the polynomial branch y1
//	a = −2a, p = e^a = e
//	t = 1 + e, n = 1 − e, n = n/t: the exponential branch y2
//	out = (m & y1) | (^m & y2)
//	out = out | (x & sign)
#define NN_TANH(X, OUT, A, T, N, P, E, M, HI, LO, ONE) \
	VANDPS       nnTab<>+NN_ABS(SB), X, A; \
	VSUBPS       nnTab<>+NN_TSMALL(SB), A, M; \
	VPSRAD       $31, M, M; \
	VMULPS       A, A, OUT; \
	VMOVUPS      nnTab<>+NN_TP0(SB), P; \
	VFMADD213PS  nnTab<>+NN_TP1(SB), OUT, P; \
	VFMADD213PS  nnTab<>+NN_TP2(SB), OUT, P; \
	VFMADD213PS  nnTab<>+NN_TP3(SB), OUT, P; \
	VFMADD213PS  nnTab<>+NN_TP4(SB), OUT, P; \
	VMULPS       A, OUT, OUT; \
	VFMADD213PS  A, P, OUT; \
	VMULPS       nnTab<>+NN_NEGTWO(SB), A, A; \
	NN_EXP(A, T, N, P, E, HI, LO, ONE); \
	VADDPS       ONE, P, T; \
	VSUBPS       P, ONE, N; \
	VDIVPS       T, N, N; \
	VANDPS       M, OUT, OUT; \
	VANDNPS      N, M, M; \
	VORPS        M, OUT, OUT; \
	VANDPS       nnTab<>+NN_SIGN(SB), X, T; \
	VORPS        T, OUT, OUT

// NN_SOFTPLUS(X, OUT, A, T, N, P, E, U, C, HI, LO, ONE) sets
// OUT = log(1 + e^X) (softplusf of kernels/generic_nn.go), keeping X and
// clobbering A, T, N, P, E, U and C:
//	a = x | sign = −|x|, p = e^a = e
//	u = 1 + e, t = u − 1, c = t − e (the rounding error of u, exact)
//	n = (√2 − u)>>31: all ones where u > √2
//	e = n & 0.5 = h, n = n & 1 = k
//	t = t − e·u = f (exact: u − 1, or u/2 − 1 where u > √2)
//	a = f·f = z, p = LP0, then p = p·f + LP1 … LP8 (Horner)
//	e = f·z, p = e·p = l
//	p = k·ln2Lo + p, p = −0.5·z + p, p = p + f, p = k·ln2Hi + p ≈ log u
//	c = c/u, p = p − c ≈ log1p(e)
//	e = max(x, 0) (0 for NaN), out = e + p
#define NN_SOFTPLUS(X, OUT, A, T, N, P, E, U, C, HI, LO, ONE) \
	VORPS        nnTab<>+NN_SIGN(SB), X, A; \
	NN_EXP(A, T, N, P, E, HI, LO, ONE); \
	VADDPS       ONE, P, U; \
	VSUBPS       ONE, U, T; \
	VSUBPS       P, T, C; \
	VMOVUPS      nnTab<>+NN_SQRT2(SB), N; \
	VSUBPS       U, N, N; \
	VPSRAD       $31, N, N; \
	VANDPS       nnTab<>+NN_HALF(SB), N, E; \
	VANDPS       ONE, N, N; \
	VFNMADD231PS E, U, T; \
	VMULPS       T, T, A; \
	VMOVUPS      nnTab<>+NN_LP0(SB), P; \
	VFMADD213PS  nnTab<>+NN_LP1(SB), T, P; \
	VFMADD213PS  nnTab<>+NN_LP2(SB), T, P; \
	VFMADD213PS  nnTab<>+NN_LP3(SB), T, P; \
	VFMADD213PS  nnTab<>+NN_LP4(SB), T, P; \
	VFMADD213PS  nnTab<>+NN_LP5(SB), T, P; \
	VFMADD213PS  nnTab<>+NN_LP6(SB), T, P; \
	VFMADD213PS  nnTab<>+NN_LP7(SB), T, P; \
	VFMADD213PS  nnTab<>+NN_LP8(SB), T, P; \
	VMULPS       A, T, E; \
	VMULPS       E, P, P; \
	VFMADD231PS  nnTab<>+NN_LN2LO(SB), N, P; \
	VFMADD231PS  nnTab<>+NN_NEGHALF(SB), A, P; \
	VADDPS       T, P, P; \
	VFMADD231PS  nnTab<>+NN_LN2HI(SB), N, P; \
	VDIVPS       U, C, C; \
	VSUBPS       C, P, P; \
	VXORPS       E, E, E; \
	VMAXPS       E, X, E; \
	VADDPS       P, E, OUT

// func SigmoidAVX2(dst, x []float32)
//
// dst[i] = sigmoid(x[i]) for i < len(dst): sigmoidf of
// kernels/generic_nn.go (NN_SIGMOID).
// len(dst) is a multiple of 8; one vector per iteration.
//
// Requires: AVX, AVX2, FMA3
//
// Register map:
//	DI       &dst[i]
//	SI       &x[i]
//	CX       elements left
//	Y0       x
//	Y1       −|x|, then the result
//	Y2..Y5   NN_SIGMOID scratch
//	Y13, Y14, Y15  expHi, −104, 1 in every lane
TEXT ·SigmoidAVX2(SB), NOSPLIT, $0-48
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	TESTQ        CX, CX
	JZ           sig2_done
	VBROADCASTSS nnTab<>+NN_HI(SB), Y13
	VBROADCASTSS nnTab<>+NN_LO(SB), Y14
	VBROADCASTSS nnTab<>+NN_ONE(SB), Y15

sig2_loop:
	VMOVUPS (SI), Y0
	NN_SIGMOID(Y0, Y1, Y2, Y3, Y4, Y5, Y13, Y14, Y15)
	VMOVUPS Y1, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $8, CX
	JNZ     sig2_loop

sig2_done:
	VZEROUPPER
	RET

// func SigmoidBackwardAVX2(dst, dy, y []float32)
//
// dst[i] = dy[i]·(y[i]·(1 − y[i])) for i < len(dst), in that order.
// len(dst) is a multiple of 8; one vector per iteration.
//
// Requires: AVX, AVX2, FMA3
//
// Register map:
//	DI       &dst[i]
//	SI       &dy[i]
//	BX       &y[i]
//	CX       elements left
//	Y0       y
//	Y6       dy
//	Y1       1 − y, y·(1 − y), then the result
//	Y15      1 in every lane (also Y13, Y14: expHi, −104, unused)
TEXT ·SigmoidBackwardAVX2(SB), NOSPLIT, $0-72
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         dy_base+24(FP), SI
	MOVQ         y_base+48(FP), BX
	TESTQ        CX, CX
	JZ           sigb2_done
	VBROADCASTSS nnTab<>+NN_HI(SB), Y13
	VBROADCASTSS nnTab<>+NN_LO(SB), Y14
	VBROADCASTSS nnTab<>+NN_ONE(SB), Y15

sigb2_loop:
	VMOVUPS (SI), Y6
	VMOVUPS (BX), Y0
	VSUBPS  Y0, Y15, Y1
	VMULPS  Y1, Y0, Y1
	VMULPS  Y6, Y1, Y1
	VMOVUPS Y1, (DI)
	ADDQ    $32, SI
	ADDQ    $32, BX
	ADDQ    $32, DI
	SUBQ    $8, CX
	JNZ     sigb2_loop

sigb2_done:
	VZEROUPPER
	RET

// func TanhAVX2(dst, x []float32)
//
// dst[i] = tanh(x[i]) for i < len(dst): tanhf of
// kernels/generic_nn.go (NN_TANH).
// len(dst) is a multiple of 8; one vector per iteration.
//
// Requires: AVX, AVX2, FMA3
//
// Register map:
//	DI       &dst[i]
//	SI       &x[i]
//	CX       elements left
//	Y0       x
//	Y1       the result
//	Y2..Y7   NN_TANH scratch
//	Y13, Y14, Y15  expHi, −104, 1 in every lane
TEXT ·TanhAVX2(SB), NOSPLIT, $0-48
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	TESTQ        CX, CX
	JZ           tanh2_done
	VBROADCASTSS nnTab<>+NN_HI(SB), Y13
	VBROADCASTSS nnTab<>+NN_LO(SB), Y14
	VBROADCASTSS nnTab<>+NN_ONE(SB), Y15

tanh2_loop:
	VMOVUPS (SI), Y0
	NN_TANH(Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y13, Y14, Y15)
	VMOVUPS Y1, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $8, CX
	JNZ     tanh2_loop

tanh2_done:
	VZEROUPPER
	RET

// func TanhBackwardAVX2(dst, dy, y []float32)
//
// dst[i] = dy[i]·((1 − y[i])·(1 + y[i])) for i < len(dst), in that
// order.
// len(dst) is a multiple of 8; one vector per iteration.
//
// Requires: AVX, AVX2, FMA3
//
// Register map:
//	DI       &dst[i]
//	SI       &dy[i]
//	BX       &y[i]
//	CX       elements left
//	Y0       y
//	Y6       dy
//	Y1       1 − y, then (1 − y)·(1 + y), then the result
//	Y2       1 + y
//	Y15      1 in every lane (also Y13, Y14: expHi, −104, unused)
TEXT ·TanhBackwardAVX2(SB), NOSPLIT, $0-72
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         dy_base+24(FP), SI
	MOVQ         y_base+48(FP), BX
	TESTQ        CX, CX
	JZ           tanhb2_done
	VBROADCASTSS nnTab<>+NN_HI(SB), Y13
	VBROADCASTSS nnTab<>+NN_LO(SB), Y14
	VBROADCASTSS nnTab<>+NN_ONE(SB), Y15

tanhb2_loop:
	VMOVUPS (SI), Y6
	VMOVUPS (BX), Y0
	VSUBPS  Y0, Y15, Y1
	VADDPS  Y0, Y15, Y2
	VMULPS  Y2, Y1, Y1
	VMULPS  Y6, Y1, Y1
	VMOVUPS Y1, (DI)
	ADDQ    $32, SI
	ADDQ    $32, BX
	ADDQ    $32, DI
	SUBQ    $8, CX
	JNZ     tanhb2_loop

tanhb2_done:
	VZEROUPPER
	RET

// func SoftplusAVX2(dst, x []float32)
//
// dst[i] = log(1 + e^x[i]) for i < len(dst): softplusf of
// kernels/generic_nn.go (NN_SOFTPLUS).
// len(dst) is a multiple of 8; one vector per iteration.
//
// Requires: AVX, AVX2, FMA3
//
// Register map:
//	DI       &dst[i]
//	SI       &x[i]
//	CX       elements left
//	Y0       x
//	Y1       the result
//	Y2..Y8   NN_SOFTPLUS scratch
//	Y13, Y14, Y15  expHi, −104, 1 in every lane
TEXT ·SoftplusAVX2(SB), NOSPLIT, $0-48
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	TESTQ        CX, CX
	JZ           sp2_done
	VBROADCASTSS nnTab<>+NN_HI(SB), Y13
	VBROADCASTSS nnTab<>+NN_LO(SB), Y14
	VBROADCASTSS nnTab<>+NN_ONE(SB), Y15

sp2_loop:
	VMOVUPS (SI), Y0
	NN_SOFTPLUS(Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y13, Y14, Y15)
	VMOVUPS Y1, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $8, CX
	JNZ     sp2_loop

sp2_done:
	VZEROUPPER
	RET

// func SoftplusBackwardAVX2(dst, dy, x []float32)
//
// dst[i] = dy[i]·sigmoid(x[i]) for i < len(dst), sigmoid as in
// SigmoidAVX2 (NN_SIGMOID), then one product.
// len(dst) is a multiple of 8; one vector per iteration.
//
// Requires: AVX, AVX2, FMA3
//
// Register map:
//	DI       &dst[i]
//	SI       &dy[i]
//	BX       &x[i]
//	CX       elements left
//	Y0       x
//	Y6       dy
//	Y1       −|x|, sigmoid(x), then the result
//	Y2..Y5   NN_SIGMOID scratch
//	Y13, Y14, Y15  expHi, −104, 1 in every lane
TEXT ·SoftplusBackwardAVX2(SB), NOSPLIT, $0-72
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         dy_base+24(FP), SI
	MOVQ         x_base+48(FP), BX
	TESTQ        CX, CX
	JZ           spb2_done
	VBROADCASTSS nnTab<>+NN_HI(SB), Y13
	VBROADCASTSS nnTab<>+NN_LO(SB), Y14
	VBROADCASTSS nnTab<>+NN_ONE(SB), Y15

spb2_loop:
	VMOVUPS (SI), Y6
	VMOVUPS (BX), Y0
	NN_SIGMOID(Y0, Y1, Y2, Y3, Y4, Y5, Y13, Y14, Y15)
	VMULPS  Y6, Y1, Y1
	VMOVUPS Y1, (DI)
	ADDQ    $32, SI
	ADDQ    $32, BX
	ADDQ    $32, DI
	SUBQ    $8, CX
	JNZ     spb2_loop

spb2_done:
	VZEROUPPER
	RET

// func SigmoidAVX512(dst, x []float32)
//
// dst[i] = sigmoid(x[i]) for i < len(dst): sigmoidf of
// kernels/generic_nn.go (NN_SIGMOID).
// Any length: one vector per iteration, then the last 0..15 elements
// under an opmask (the masked-off lanes compute on zeros and are not
// stored).
//
// Requires: AVX512F, AVX512DQ
//
// Register map:
//	DI       &dst[i]
//	SI       &x[i]
//	CX       elements left
//	AX       scratch for the tail mask
//	K1       tail mask: the low CX lanes
//	Z0       x
//	Z1       −|x|, then the result
//	Z2..Z5   NN_SIGMOID scratch
//	Z29, Z30, Z31  expHi, −104, 1 in every lane
TEXT ·SigmoidAVX512(SB), NOSPLIT, $0-48
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	TESTQ        CX, CX
	JZ           sig5_done
	VBROADCASTSS nnTab<>+NN_HI(SB), Z29
	VBROADCASTSS nnTab<>+NN_LO(SB), Z30
	VBROADCASTSS nnTab<>+NN_ONE(SB), Z31
	CMPQ         CX, $16
	JLT          sig5_tail

sig5_loop:
	VMOVUPS (SI), Z0
	NN_SIGMOID(Z0, Z1, Z2, Z3, Z4, Z5, Z29, Z30, Z31)
	VMOVUPS Z1, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	SUBQ    $16, CX
	CMPQ    CX, $16
	JGE     sig5_loop

sig5_tail:
	TESTQ     CX, CX
	JZ        sig5_done
	MOVL      $1, AX
	SHLL      CX, AX
	DECL      AX
	KMOVW     AX, K1
	VMOVUPS.Z (SI), K1, Z0
	NN_SIGMOID(Z0, Z1, Z2, Z3, Z4, Z5, Z29, Z30, Z31)
	VMOVUPS   Z1, K1, (DI)

sig5_done:
	VZEROUPPER
	RET

// func SigmoidBackwardAVX512(dst, dy, y []float32)
//
// dst[i] = dy[i]·(y[i]·(1 − y[i])) for i < len(dst), in that order.
// Any length: one vector per iteration, then the last 0..15 elements
// under an opmask (the masked-off lanes compute on zeros and are not
// stored).
//
// Requires: AVX512F, AVX512DQ
//
// Register map:
//	DI       &dst[i]
//	SI       &dy[i]
//	BX       &y[i]
//	CX       elements left
//	AX       scratch for the tail mask
//	K1       tail mask: the low CX lanes
//	Z0       y
//	Z6       dy
//	Z1       1 − y, y·(1 − y), then the result
//	Z31      1 in every lane (also Z29, Z30: expHi, −104, unused)
TEXT ·SigmoidBackwardAVX512(SB), NOSPLIT, $0-72
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         dy_base+24(FP), SI
	MOVQ         y_base+48(FP), BX
	TESTQ        CX, CX
	JZ           sigb5_done
	VBROADCASTSS nnTab<>+NN_HI(SB), Z29
	VBROADCASTSS nnTab<>+NN_LO(SB), Z30
	VBROADCASTSS nnTab<>+NN_ONE(SB), Z31
	CMPQ         CX, $16
	JLT          sigb5_tail

sigb5_loop:
	VMOVUPS (SI), Z6
	VMOVUPS (BX), Z0
	VSUBPS  Z0, Z31, Z1
	VMULPS  Z1, Z0, Z1
	VMULPS  Z6, Z1, Z1
	VMOVUPS Z1, (DI)
	ADDQ    $64, SI
	ADDQ    $64, BX
	ADDQ    $64, DI
	SUBQ    $16, CX
	CMPQ    CX, $16
	JGE     sigb5_loop

sigb5_tail:
	TESTQ     CX, CX
	JZ        sigb5_done
	MOVL      $1, AX
	SHLL      CX, AX
	DECL      AX
	KMOVW     AX, K1
	VMOVUPS.Z (SI), K1, Z6
	VMOVUPS.Z (BX), K1, Z0
	VSUBPS    Z0, Z31, Z1
	VMULPS    Z1, Z0, Z1
	VMULPS    Z6, Z1, Z1
	VMOVUPS   Z1, K1, (DI)

sigb5_done:
	VZEROUPPER
	RET

// func TanhAVX512(dst, x []float32)
//
// dst[i] = tanh(x[i]) for i < len(dst): tanhf of
// kernels/generic_nn.go (NN_TANH).
// Any length: one vector per iteration, then the last 0..15 elements
// under an opmask (the masked-off lanes compute on zeros and are not
// stored).
//
// Requires: AVX512F, AVX512DQ
//
// Register map:
//	DI       &dst[i]
//	SI       &x[i]
//	CX       elements left
//	AX       scratch for the tail mask
//	K1       tail mask: the low CX lanes
//	Z0       x
//	Z1       the result
//	Z2..Z7   NN_TANH scratch
//	Z29, Z30, Z31  expHi, −104, 1 in every lane
TEXT ·TanhAVX512(SB), NOSPLIT, $0-48
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	TESTQ        CX, CX
	JZ           tanh5_done
	VBROADCASTSS nnTab<>+NN_HI(SB), Z29
	VBROADCASTSS nnTab<>+NN_LO(SB), Z30
	VBROADCASTSS nnTab<>+NN_ONE(SB), Z31
	CMPQ         CX, $16
	JLT          tanh5_tail

tanh5_loop:
	VMOVUPS (SI), Z0
	NN_TANH(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z29, Z30, Z31)
	VMOVUPS Z1, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	SUBQ    $16, CX
	CMPQ    CX, $16
	JGE     tanh5_loop

tanh5_tail:
	TESTQ     CX, CX
	JZ        tanh5_done
	MOVL      $1, AX
	SHLL      CX, AX
	DECL      AX
	KMOVW     AX, K1
	VMOVUPS.Z (SI), K1, Z0
	NN_TANH(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z29, Z30, Z31)
	VMOVUPS   Z1, K1, (DI)

tanh5_done:
	VZEROUPPER
	RET

// func TanhBackwardAVX512(dst, dy, y []float32)
//
// dst[i] = dy[i]·((1 − y[i])·(1 + y[i])) for i < len(dst), in that
// order.
// Any length: one vector per iteration, then the last 0..15 elements
// under an opmask (the masked-off lanes compute on zeros and are not
// stored).
//
// Requires: AVX512F, AVX512DQ
//
// Register map:
//	DI       &dst[i]
//	SI       &dy[i]
//	BX       &y[i]
//	CX       elements left
//	AX       scratch for the tail mask
//	K1       tail mask: the low CX lanes
//	Z0       y
//	Z6       dy
//	Z1       1 − y, then (1 − y)·(1 + y), then the result
//	Z2       1 + y
//	Z31      1 in every lane (also Z29, Z30: expHi, −104, unused)
TEXT ·TanhBackwardAVX512(SB), NOSPLIT, $0-72
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         dy_base+24(FP), SI
	MOVQ         y_base+48(FP), BX
	TESTQ        CX, CX
	JZ           tanhb5_done
	VBROADCASTSS nnTab<>+NN_HI(SB), Z29
	VBROADCASTSS nnTab<>+NN_LO(SB), Z30
	VBROADCASTSS nnTab<>+NN_ONE(SB), Z31
	CMPQ         CX, $16
	JLT          tanhb5_tail

tanhb5_loop:
	VMOVUPS (SI), Z6
	VMOVUPS (BX), Z0
	VSUBPS  Z0, Z31, Z1
	VADDPS  Z0, Z31, Z2
	VMULPS  Z2, Z1, Z1
	VMULPS  Z6, Z1, Z1
	VMOVUPS Z1, (DI)
	ADDQ    $64, SI
	ADDQ    $64, BX
	ADDQ    $64, DI
	SUBQ    $16, CX
	CMPQ    CX, $16
	JGE     tanhb5_loop

tanhb5_tail:
	TESTQ     CX, CX
	JZ        tanhb5_done
	MOVL      $1, AX
	SHLL      CX, AX
	DECL      AX
	KMOVW     AX, K1
	VMOVUPS.Z (SI), K1, Z6
	VMOVUPS.Z (BX), K1, Z0
	VSUBPS    Z0, Z31, Z1
	VADDPS    Z0, Z31, Z2
	VMULPS    Z2, Z1, Z1
	VMULPS    Z6, Z1, Z1
	VMOVUPS   Z1, K1, (DI)

tanhb5_done:
	VZEROUPPER
	RET

// func SoftplusAVX512(dst, x []float32)
//
// dst[i] = log(1 + e^x[i]) for i < len(dst): softplusf of
// kernels/generic_nn.go (NN_SOFTPLUS).
// Any length: one vector per iteration, then the last 0..15 elements
// under an opmask (the masked-off lanes compute on zeros and are not
// stored).
//
// Requires: AVX512F, AVX512DQ
//
// Register map:
//	DI       &dst[i]
//	SI       &x[i]
//	CX       elements left
//	AX       scratch for the tail mask
//	K1       tail mask: the low CX lanes
//	Z0       x
//	Z1       the result
//	Z2..Z8   NN_SOFTPLUS scratch
//	Z29, Z30, Z31  expHi, −104, 1 in every lane
TEXT ·SoftplusAVX512(SB), NOSPLIT, $0-48
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         x_base+24(FP), SI
	TESTQ        CX, CX
	JZ           sp5_done
	VBROADCASTSS nnTab<>+NN_HI(SB), Z29
	VBROADCASTSS nnTab<>+NN_LO(SB), Z30
	VBROADCASTSS nnTab<>+NN_ONE(SB), Z31
	CMPQ         CX, $16
	JLT          sp5_tail

sp5_loop:
	VMOVUPS (SI), Z0
	NN_SOFTPLUS(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z29, Z30, Z31)
	VMOVUPS Z1, (DI)
	ADDQ    $64, SI
	ADDQ    $64, DI
	SUBQ    $16, CX
	CMPQ    CX, $16
	JGE     sp5_loop

sp5_tail:
	TESTQ     CX, CX
	JZ        sp5_done
	MOVL      $1, AX
	SHLL      CX, AX
	DECL      AX
	KMOVW     AX, K1
	VMOVUPS.Z (SI), K1, Z0
	NN_SOFTPLUS(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z29, Z30, Z31)
	VMOVUPS   Z1, K1, (DI)

sp5_done:
	VZEROUPPER
	RET

// func SoftplusBackwardAVX512(dst, dy, x []float32)
//
// dst[i] = dy[i]·sigmoid(x[i]) for i < len(dst), sigmoid as in
// SigmoidAVX2 (NN_SIGMOID), then one product.
// Any length: one vector per iteration, then the last 0..15 elements
// under an opmask (the masked-off lanes compute on zeros and are not
// stored).
//
// Requires: AVX512F, AVX512DQ
//
// Register map:
//	DI       &dst[i]
//	SI       &dy[i]
//	BX       &x[i]
//	CX       elements left
//	AX       scratch for the tail mask
//	K1       tail mask: the low CX lanes
//	Z0       x
//	Z6       dy
//	Z1       −|x|, sigmoid(x), then the result
//	Z2..Z5   NN_SIGMOID scratch
//	Z29, Z30, Z31  expHi, −104, 1 in every lane
TEXT ·SoftplusBackwardAVX512(SB), NOSPLIT, $0-72
	MOVQ         dst_base+0(FP), DI
	MOVQ         dst_len+8(FP), CX
	MOVQ         dy_base+24(FP), SI
	MOVQ         x_base+48(FP), BX
	TESTQ        CX, CX
	JZ           spb5_done
	VBROADCASTSS nnTab<>+NN_HI(SB), Z29
	VBROADCASTSS nnTab<>+NN_LO(SB), Z30
	VBROADCASTSS nnTab<>+NN_ONE(SB), Z31
	CMPQ         CX, $16
	JLT          spb5_tail

spb5_loop:
	VMOVUPS (SI), Z6
	VMOVUPS (BX), Z0
	NN_SIGMOID(Z0, Z1, Z2, Z3, Z4, Z5, Z29, Z30, Z31)
	VMULPS  Z6, Z1, Z1
	VMOVUPS Z1, (DI)
	ADDQ    $64, SI
	ADDQ    $64, BX
	ADDQ    $64, DI
	SUBQ    $16, CX
	CMPQ    CX, $16
	JGE     spb5_loop

spb5_tail:
	TESTQ     CX, CX
	JZ        spb5_done
	MOVL      $1, AX
	SHLL      CX, AX
	DECL      AX
	KMOVW     AX, K1
	VMOVUPS.Z (SI), K1, Z6
	VMOVUPS.Z (BX), K1, Z0
	NN_SIGMOID(Z0, Z1, Z2, Z3, Z4, Z5, Z29, Z30, Z31)
	VMULPS    Z6, Z1, Z1
	VMOVUPS   Z1, K1, (DI)

spb5_done:
	VZEROUPPER
	RET

// func MomentumAVX2(lr, mu float32, w, g, vel []float32)
//
// For i < len(w):
//	t = lr·g[i]
//	vel[i] = mu·vel[i] − t (fused)
//	w[i] += vel[i]
// len(w) is a multiple of 8; one vector per iteration.
//
// Requires: AVX, FMA3
//
// Register map:
//	DI       &w[i]
//	SI       &g[i]
//	BX       &vel[i]
//	CX       elements left
//	Y0       lr in every lane
//	Y1       mu in every lane
//	Y2       g, then t = lr·g
//	Y3       vel, then the new vel
//	Y4       w, then the new w
TEXT ·MomentumAVX2(SB), NOSPLIT, $0-80
	MOVQ         w_base+8(FP), DI
	MOVQ         w_len+16(FP), CX
	MOVQ         g_base+32(FP), SI
	MOVQ         vel_base+56(FP), BX
	TESTQ        CX, CX
	JZ           mom2_done
	VBROADCASTSS lr+0(FP), Y0
	VBROADCASTSS mu+4(FP), Y1

mom2_loop:
	VMOVUPS     (SI), Y2
	VMOVUPS     (BX), Y3
	VMOVUPS     (DI), Y4
	VMULPS      Y0, Y2, Y2
	VFMSUB213PS Y2, Y1, Y3
	VMOVUPS     Y3, (BX)
	VADDPS      Y3, Y4, Y4
	VMOVUPS     Y4, (DI)
	ADDQ        $32, SI
	ADDQ        $32, BX
	ADDQ        $32, DI
	SUBQ        $8, CX
	JNZ         mom2_loop

mom2_done:
	VZEROUPPER
	RET

// func NesterovAVX2(lr, mu float32, w, g, vel []float32)
//
// For i < len(w):
//	t = lr·g[i]
//	vel[i] = mu·vel[i] − t (fused)
//	w[i] += mu·vel[i] − t (the product and difference fused, then the sum)
// len(w) is a multiple of 8; one vector per iteration.
//
// Requires: AVX, FMA3
//
// Register map:
//	DI       &w[i]
//	SI       &g[i]
//	BX       &vel[i]
//	CX       elements left
//	Y0       lr in every lane
//	Y1       mu in every lane
//	Y2       g, then t = lr·g, then mu·vel − t
//	Y3       vel, then the new vel
//	Y4       w, then the new w
TEXT ·NesterovAVX2(SB), NOSPLIT, $0-80
	MOVQ         w_base+8(FP), DI
	MOVQ         w_len+16(FP), CX
	MOVQ         g_base+32(FP), SI
	MOVQ         vel_base+56(FP), BX
	TESTQ        CX, CX
	JZ           nest2_done
	VBROADCASTSS lr+0(FP), Y0
	VBROADCASTSS mu+4(FP), Y1

nest2_loop:
	VMOVUPS     (SI), Y2
	VMOVUPS     (BX), Y3
	VMOVUPS     (DI), Y4
	VMULPS      Y0, Y2, Y2
	VFMSUB213PS Y2, Y1, Y3
	VMOVUPS     Y3, (BX)
	VFMSUB231PS Y3, Y1, Y2
	VADDPS      Y2, Y4, Y4
	VMOVUPS     Y4, (DI)
	ADDQ        $32, SI
	ADDQ        $32, BX
	ADDQ        $32, DI
	SUBQ        $8, CX
	JNZ         nest2_loop

nest2_done:
	VZEROUPPER
	RET

// func AdamAVX2(lr, c1, c2, eps float32, w, g, m, v []float32)
//
// For i < len(w):
//	m[i] = (g[i] − m[i])·c1 + m[i] (the product and sum fused)
//	v[i] = (g[i]·g[i] − v[i])·c2 + v[i] (the same)
//	w[i] = w[i] − (lr·m[i])/(√v[i] + eps) (√ correctly rounded)
// len(w) is a multiple of 8; one vector per iteration.
//
// Requires: AVX, FMA3
//
// Register map:
//	DI       &w[i]
//	SI       &g[i]
//	BX       &m[i]
//	DX       &v[i]
//	CX       elements left
//	Y0       g, then lr·m, then the step
//	Y1       m, then the new m
//	Y2       v, then the new v
//	Y3       w, then the new w
//	Y4       g − m, then g², g² − v, √v, √v + eps
//	Y10..Y13 lr, c1, c2, eps in every lane
TEXT ·AdamAVX2(SB), NOSPLIT, $0-112
	MOVQ         w_base+16(FP), DI
	MOVQ         w_len+24(FP), CX
	MOVQ         g_base+40(FP), SI
	MOVQ         m_base+64(FP), BX
	MOVQ         v_base+88(FP), DX
	TESTQ        CX, CX
	JZ           adam2_done
	VBROADCASTSS lr+0(FP), Y10
	VBROADCASTSS c1+4(FP), Y11
	VBROADCASTSS c2+8(FP), Y12
	VBROADCASTSS eps+12(FP), Y13

adam2_loop:
	VMOVUPS     (SI), Y0
	VMOVUPS     (BX), Y1
	VMOVUPS     (DX), Y2
	VMOVUPS     (DI), Y3
	VSUBPS      Y1, Y0, Y4
	VFMADD231PS Y11, Y4, Y1
	VMOVUPS     Y1, (BX)
	VMULPS      Y0, Y0, Y4
	VSUBPS      Y2, Y4, Y4
	VFMADD231PS Y12, Y4, Y2
	VMOVUPS     Y2, (DX)
	VSQRTPS     Y2, Y4
	VADDPS      Y13, Y4, Y4
	VMULPS      Y10, Y1, Y0
	VDIVPS      Y4, Y0, Y0
	VSUBPS      Y0, Y3, Y3
	VMOVUPS     Y3, (DI)
	ADDQ        $32, SI
	ADDQ        $32, BX
	ADDQ        $32, DX
	ADDQ        $32, DI
	SUBQ        $8, CX
	JNZ         adam2_loop

adam2_done:
	VZEROUPPER
	RET

// func MomentumAVX512(lr, mu float32, w, g, vel []float32)
//
// For i < len(w):
//	t = lr·g[i]
//	vel[i] = mu·vel[i] − t (fused)
//	w[i] += vel[i]
// Any length: one vector per iteration, then the last 0..15 elements
// under an opmask.
//
// Requires: AVX512F
//
// Register map:
//	DI       &w[i]
//	SI       &g[i]
//	BX       &vel[i]
//	CX       elements left
//	AX       scratch for the tail mask
//	K1       tail mask: the low CX lanes
//	Z0       lr in every lane
//	Z1       mu in every lane
//	Z2       g, then t = lr·g
//	Z3       vel, then the new vel
//	Z4       w, then the new w
TEXT ·MomentumAVX512(SB), NOSPLIT, $0-80
	MOVQ         w_base+8(FP), DI
	MOVQ         w_len+16(FP), CX
	MOVQ         g_base+32(FP), SI
	MOVQ         vel_base+56(FP), BX
	TESTQ        CX, CX
	JZ           mom5_done
	VBROADCASTSS lr+0(FP), Z0
	VBROADCASTSS mu+4(FP), Z1
	CMPQ         CX, $16
	JLT          mom5_tail

mom5_loop:
	VMOVUPS     (SI), Z2
	VMOVUPS     (BX), Z3
	VMOVUPS     (DI), Z4
	VMULPS      Z0, Z2, Z2
	VFMSUB213PS Z2, Z1, Z3
	VMOVUPS     Z3, (BX)
	VADDPS      Z3, Z4, Z4
	VMOVUPS     Z4, (DI)
	ADDQ        $64, SI
	ADDQ        $64, BX
	ADDQ        $64, DI
	SUBQ        $16, CX
	CMPQ        CX, $16
	JGE         mom5_loop

mom5_tail:
	TESTQ       CX, CX
	JZ          mom5_done
	MOVL        $1, AX
	SHLL        CX, AX
	DECL        AX
	KMOVW       AX, K1
	VMOVUPS.Z   (SI), K1, Z2
	VMOVUPS.Z   (BX), K1, Z3
	VMOVUPS.Z   (DI), K1, Z4
	VMULPS      Z0, Z2, Z2
	VFMSUB213PS Z2, Z1, Z3
	VMOVUPS     Z3, K1, (BX)
	VADDPS      Z3, Z4, Z4
	VMOVUPS     Z4, K1, (DI)

mom5_done:
	VZEROUPPER
	RET

// func NesterovAVX512(lr, mu float32, w, g, vel []float32)
//
// For i < len(w):
//	t = lr·g[i]
//	vel[i] = mu·vel[i] − t (fused)
//	w[i] += mu·vel[i] − t (the product and difference fused, then the sum)
// Any length: one vector per iteration, then the last 0..15 elements
// under an opmask.
//
// Requires: AVX512F
//
// Register map:
//	DI       &w[i]
//	SI       &g[i]
//	BX       &vel[i]
//	CX       elements left
//	AX       scratch for the tail mask
//	K1       tail mask: the low CX lanes
//	Z0       lr in every lane
//	Z1       mu in every lane
//	Z2       g, then t = lr·g, then mu·vel − t
//	Z3       vel, then the new vel
//	Z4       w, then the new w
TEXT ·NesterovAVX512(SB), NOSPLIT, $0-80
	MOVQ         w_base+8(FP), DI
	MOVQ         w_len+16(FP), CX
	MOVQ         g_base+32(FP), SI
	MOVQ         vel_base+56(FP), BX
	TESTQ        CX, CX
	JZ           nest5_done
	VBROADCASTSS lr+0(FP), Z0
	VBROADCASTSS mu+4(FP), Z1
	CMPQ         CX, $16
	JLT          nest5_tail

nest5_loop:
	VMOVUPS     (SI), Z2
	VMOVUPS     (BX), Z3
	VMOVUPS     (DI), Z4
	VMULPS      Z0, Z2, Z2
	VFMSUB213PS Z2, Z1, Z3
	VMOVUPS     Z3, (BX)
	VFMSUB231PS Z3, Z1, Z2
	VADDPS      Z2, Z4, Z4
	VMOVUPS     Z4, (DI)
	ADDQ        $64, SI
	ADDQ        $64, BX
	ADDQ        $64, DI
	SUBQ        $16, CX
	CMPQ        CX, $16
	JGE         nest5_loop

nest5_tail:
	TESTQ       CX, CX
	JZ          nest5_done
	MOVL        $1, AX
	SHLL        CX, AX
	DECL        AX
	KMOVW       AX, K1
	VMOVUPS.Z   (SI), K1, Z2
	VMOVUPS.Z   (BX), K1, Z3
	VMOVUPS.Z   (DI), K1, Z4
	VMULPS      Z0, Z2, Z2
	VFMSUB213PS Z2, Z1, Z3
	VMOVUPS     Z3, K1, (BX)
	VFMSUB231PS Z3, Z1, Z2
	VADDPS      Z2, Z4, Z4
	VMOVUPS     Z4, K1, (DI)

nest5_done:
	VZEROUPPER
	RET

// func AdamAVX512(lr, c1, c2, eps float32, w, g, m, v []float32)
//
// For i < len(w):
//	m[i] = (g[i] − m[i])·c1 + m[i] (the product and sum fused)
//	v[i] = (g[i]·g[i] − v[i])·c2 + v[i] (the same)
//	w[i] = w[i] − (lr·m[i])/(√v[i] + eps) (√ correctly rounded)
// Any length: one vector per iteration, then the last 0..15 elements
// under an opmask.
//
// Requires: AVX512F
//
// Register map:
//	DI       &w[i]
//	SI       &g[i]
//	BX       &m[i]
//	DX       &v[i]
//	CX       elements left
//	AX       scratch for the tail mask
//	K1       tail mask: the low CX lanes
//	Z0       g, then lr·m, then the step
//	Z1       m, then the new m
//	Z2       v, then the new v
//	Z3       w, then the new w
//	Z4       g − m, then g², g² − v, √v, √v + eps
//	Z10..Z13 lr, c1, c2, eps in every lane
TEXT ·AdamAVX512(SB), NOSPLIT, $0-112
	MOVQ         w_base+16(FP), DI
	MOVQ         w_len+24(FP), CX
	MOVQ         g_base+40(FP), SI
	MOVQ         m_base+64(FP), BX
	MOVQ         v_base+88(FP), DX
	TESTQ        CX, CX
	JZ           adam5_done
	VBROADCASTSS lr+0(FP), Z10
	VBROADCASTSS c1+4(FP), Z11
	VBROADCASTSS c2+8(FP), Z12
	VBROADCASTSS eps+12(FP), Z13
	CMPQ         CX, $16
	JLT          adam5_tail

adam5_loop:
	VMOVUPS     (SI), Z0
	VMOVUPS     (BX), Z1
	VMOVUPS     (DX), Z2
	VMOVUPS     (DI), Z3
	VSUBPS      Z1, Z0, Z4
	VFMADD231PS Z11, Z4, Z1
	VMOVUPS     Z1, (BX)
	VMULPS      Z0, Z0, Z4
	VSUBPS      Z2, Z4, Z4
	VFMADD231PS Z12, Z4, Z2
	VMOVUPS     Z2, (DX)
	VSQRTPS     Z2, Z4
	VADDPS      Z13, Z4, Z4
	VMULPS      Z10, Z1, Z0
	VDIVPS      Z4, Z0, Z0
	VSUBPS      Z0, Z3, Z3
	VMOVUPS     Z3, (DI)
	ADDQ        $64, SI
	ADDQ        $64, BX
	ADDQ        $64, DX
	ADDQ        $64, DI
	SUBQ        $16, CX
	CMPQ        CX, $16
	JGE         adam5_loop

adam5_tail:
	TESTQ       CX, CX
	JZ          adam5_done
	MOVL        $1, AX
	SHLL        CX, AX
	DECL        AX
	KMOVW       AX, K1
	VMOVUPS.Z   (SI), K1, Z0
	VMOVUPS.Z   (BX), K1, Z1
	VMOVUPS.Z   (DX), K1, Z2
	VMOVUPS.Z   (DI), K1, Z3
	VSUBPS      Z1, Z0, Z4
	VFMADD231PS Z11, Z4, Z1
	VMOVUPS     Z1, K1, (BX)
	VMULPS      Z0, Z0, Z4
	VSUBPS      Z2, Z4, Z4
	VFMADD231PS Z12, Z4, Z2
	VMOVUPS     Z2, K1, (DX)
	VSQRTPS     Z2, Z4
	VADDPS      Z13, Z4, Z4
	VMULPS      Z10, Z1, Z0
	VDIVPS      Z4, Z0, Z0
	VSUBPS      Z0, Z3, Z3
	VMOVUPS     Z3, K1, (DI)

adam5_done:
	VZEROUPPER
	RET

