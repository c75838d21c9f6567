using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FedWorkbench.Simulation.Models;

/// <summary>The register-blocked AVX-512 path of the dense-layer kernels.</summary>
/// <remarks>
/// The forward tile covers 10 batch rows by 2 vectors of 16 lanes, 20 of the 32 vector registers, so each loaded
/// pair of W vectors feeds ten rows and a batch of 10 reads W once. Over 30 or more rows, as in evaluation, it covers
/// 12 rows, in blocks of at most 60 rows. The input-gradient tile keeps 5 batch rows by 4 vectors. Column tails use
/// masked loads and stores. When fewer rows (or weight rows) remain than a tile covers, the tile repeats the last
/// one: the repeated lanes compute the same values and store them to the same place, which costs time but not
/// correctness. The weight update keeps a tile of 4 weight rows by 4 vectors and sums over the batch rows.
/// <para>
/// Measured on a 2-core Intel Xeon VM (family 6 model 207), where one core reaches about 176 GFLOP/s of 512-bit FMA
/// by benchmarks/kernels.sh --peak. In medians of 25 blocks with warm caches, the 10 × 784 × 200 forward pass took
/// about 24 µs in 10 × 32 tiles against 30 µs in the earlier 5 × 64 ones. Over 600 rows it took 1.36 ms against
/// 1.47 ms. Summing the update's products before scaling took the 10 × 784 × 200 update from about 37 to 29 µs.
/// Timings on that VM moved by up to 20% from one process to the next.
/// </para>
/// </remarks>
internal static unsafe partial class DenseKernels
{
    private const int Lanes = 16;
    private const int BlockColumns = 4 * Lanes;
    private const int TileRows = 5;

    /// <summary>Columns of W that one forward tile covers: two vectors.</summary>
    private const int StripColumns512 = 2 * Lanes;

    /// <summary>Row count from which the forward pass uses 12-row tiles, as evaluation does, instead of 10-row ones.</summary>
    private const int ManyRows512 = 30;

    /// <summary>Rows per block of a forward pass over many rows: 60 rows of 784 inputs take 188 KB of L2.</summary>
    private const int ForwardBlockRows512 = 60;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ForwardVector512(float* x, int rows, int fanIn, float* w, float* bias, int fanOut, bool relu, float* y) =>
        ForwardVector512(x, rows, fanIn, w, fanOut, bias, fanOut, relu, y);

    /// <summary>
    /// Computes the forward pass with row k of W at w + k·<paramref name="wStride"/>, where wStride ≥ fanOut. Each
    /// output is computed the same way whatever the stride, so padded and unpadded W give identical results.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ForwardVector512(float* x, int rows, int fanIn, float* w, int wStride, float* bias, int fanOut, bool relu, float* y)
    {
        // As on the AVX2 path, many rows run in blocks that stay in L2 while every column strip of W passes over them.
        if (rows > ForwardBlockRows512)
        {
            for (int r = 0; r < rows; r += ForwardBlockRows512)
            {
                ForwardVector512(x + ((nint)r * fanIn), Math.Min(ForwardBlockRows512, rows - r), fanIn, w, wStride, bias, fanOut, relu, y + ((nint)r * fanOut));
            }

            return;
        }

        // Column strips run in the outer loop, so one strip of W stays in L1 and L2 while every row tile uses it.
        bool manyRows = rows >= ManyRows512;
        int tileRows = manyRows ? 12 : 10;
        int j = 0;
        for (; j + StripColumns512 <= fanOut; j += StripColumns512)
        {
            for (int r0 = 0; r0 < rows; r0 += tileRows)
            {
                var tile = new RowTile(r0, rows);
                if (manyRows)
                {
                    ForwardTile12x32(x, tile, fanIn, w + j, wStride, bias + j, fanOut, relu, y + j);
                }
                else
                {
                    ForwardTile10x32(x, tile, fanIn, w + j, wStride, bias + j, fanOut, relu, y + j);
                }
            }
        }

        // Up to 8 remaining columns (8 of the 2NN's 200) fill only half of a 512-bit vector, so they run as one 256-bit
        // strip in 5-row tiles, with the same sums. Zen 4 splits each 512-bit FMA into two halves, and the masked
        // 512-bit tile, 12 rows high, took more than twice the FMA slots at B = 10.
        if (fanOut - j <= Lanes256)
        {
            ForwardColumns256(x, rows, fanIn, w, wStride, bias, fanOut, relu, y, j);
            return;
        }

        for (; j < fanOut; j += Lanes)
        {
            Vector512<float> mask = TailMask(fanOut - j);
            for (int r0 = 0; r0 < rows; r0 += 12)
            {
                ForwardTile12x16(x, new RowTile(r0, rows), fanIn, w + j, wStride, bias + j, fanOut, relu, mask, y + j);
            }
        }
    }

    /// <summary>
    /// Computes 10 rows of y (those of <paramref name="tile"/>) in 32 columns, with 20 accumulators: each pair of
    /// loaded W vectors feeds 10 rows, so a 10-row batch reads its strip of W once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardTile10x32(float* x, RowTile tile, int fanIn, float* w, int wStride, float* bias, int fanOut, bool relu, float* y)
    {
        float* x0 = x + tile.Offset(0, fanIn), x1 = x + tile.Offset(1, fanIn), x2 = x + tile.Offset(2, fanIn), x3 = x + tile.Offset(3, fanIn);
        float* x4 = x + tile.Offset(4, fanIn), x5 = x + tile.Offset(5, fanIn), x6 = x + tile.Offset(6, fanIn), x7 = x + tile.Offset(7, fanIn);
        float* x8 = x + tile.Offset(8, fanIn), x9 = x + tile.Offset(9, fanIn);
        Vector512<float> b0 = Vector512.Load(bias);
        Vector512<float> b1 = Vector512.Load(bias + Lanes);
        Vector512<float> a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1, a40 = b0, a41 = b1;
        Vector512<float> a50 = b0, a51 = b1, a60 = b0, a61 = b1, a70 = b0, a71 = b1, a80 = b0, a81 = b1, a90 = b0, a91 = b1;

        float* wRow = w;
        for (int k = 0; k < fanIn; k++, wRow += wStride)
        {
            Vector512<float> w0 = Vector512.Load(wRow);
            Vector512<float> w1 = Vector512.Load(wRow + Lanes);
            Vector512<float> xk = Vector512.Create(x0[k]);
            a00 = Vector512.FusedMultiplyAdd(xk, w0, a00);
            a01 = Vector512.FusedMultiplyAdd(xk, w1, a01);
            xk = Vector512.Create(x1[k]);
            a10 = Vector512.FusedMultiplyAdd(xk, w0, a10);
            a11 = Vector512.FusedMultiplyAdd(xk, w1, a11);
            xk = Vector512.Create(x2[k]);
            a20 = Vector512.FusedMultiplyAdd(xk, w0, a20);
            a21 = Vector512.FusedMultiplyAdd(xk, w1, a21);
            xk = Vector512.Create(x3[k]);
            a30 = Vector512.FusedMultiplyAdd(xk, w0, a30);
            a31 = Vector512.FusedMultiplyAdd(xk, w1, a31);
            xk = Vector512.Create(x4[k]);
            a40 = Vector512.FusedMultiplyAdd(xk, w0, a40);
            a41 = Vector512.FusedMultiplyAdd(xk, w1, a41);
            xk = Vector512.Create(x5[k]);
            a50 = Vector512.FusedMultiplyAdd(xk, w0, a50);
            a51 = Vector512.FusedMultiplyAdd(xk, w1, a51);
            xk = Vector512.Create(x6[k]);
            a60 = Vector512.FusedMultiplyAdd(xk, w0, a60);
            a61 = Vector512.FusedMultiplyAdd(xk, w1, a61);
            xk = Vector512.Create(x7[k]);
            a70 = Vector512.FusedMultiplyAdd(xk, w0, a70);
            a71 = Vector512.FusedMultiplyAdd(xk, w1, a71);
            xk = Vector512.Create(x8[k]);
            a80 = Vector512.FusedMultiplyAdd(xk, w0, a80);
            a81 = Vector512.FusedMultiplyAdd(xk, w1, a81);
            xk = Vector512.Create(x9[k]);
            a90 = Vector512.FusedMultiplyAdd(xk, w0, a90);
            a91 = Vector512.FusedMultiplyAdd(xk, w1, a91);
        }

        Store2(y + tile.Offset(0, fanOut), relu, a00, a01);
        Store2(y + tile.Offset(1, fanOut), relu, a10, a11);
        Store2(y + tile.Offset(2, fanOut), relu, a20, a21);
        Store2(y + tile.Offset(3, fanOut), relu, a30, a31);
        Store2(y + tile.Offset(4, fanOut), relu, a40, a41);
        Store2(y + tile.Offset(5, fanOut), relu, a50, a51);
        Store2(y + tile.Offset(6, fanOut), relu, a60, a61);
        Store2(y + tile.Offset(7, fanOut), relu, a70, a71);
        Store2(y + tile.Offset(8, fanOut), relu, a80, a81);
        Store2(y + tile.Offset(9, fanOut), relu, a90, a91);
    }

    /// <summary>Computes 12 rows of y (those of <paramref name="tile"/>) in 32 columns, with 24 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardTile12x32(float* x, RowTile tile, int fanIn, float* w, int wStride, float* bias, int fanOut, bool relu, float* y)
    {
        float* x0 = x + tile.Offset(0, fanIn), x1 = x + tile.Offset(1, fanIn), x2 = x + tile.Offset(2, fanIn), x3 = x + tile.Offset(3, fanIn);
        float* x4 = x + tile.Offset(4, fanIn), x5 = x + tile.Offset(5, fanIn), x6 = x + tile.Offset(6, fanIn), x7 = x + tile.Offset(7, fanIn);
        float* x8 = x + tile.Offset(8, fanIn), x9 = x + tile.Offset(9, fanIn), x10 = x + tile.Offset(10, fanIn), x11 = x + tile.Offset(11, fanIn);
        Vector512<float> b0 = Vector512.Load(bias);
        Vector512<float> b1 = Vector512.Load(bias + Lanes);
        Vector512<float> a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1, a40 = b0, a41 = b1, a50 = b0, a51 = b1;
        Vector512<float> a60 = b0, a61 = b1, a70 = b0, a71 = b1, a80 = b0, a81 = b1, a90 = b0, a91 = b1, aA0 = b0, aA1 = b1, aB0 = b0, aB1 = b1;

        float* wRow = w;
        for (int k = 0; k < fanIn; k++, wRow += wStride)
        {
            Vector512<float> w0 = Vector512.Load(wRow);
            Vector512<float> w1 = Vector512.Load(wRow + Lanes);
            Vector512<float> xk = Vector512.Create(x0[k]);
            a00 = Vector512.FusedMultiplyAdd(xk, w0, a00);
            a01 = Vector512.FusedMultiplyAdd(xk, w1, a01);
            xk = Vector512.Create(x1[k]);
            a10 = Vector512.FusedMultiplyAdd(xk, w0, a10);
            a11 = Vector512.FusedMultiplyAdd(xk, w1, a11);
            xk = Vector512.Create(x2[k]);
            a20 = Vector512.FusedMultiplyAdd(xk, w0, a20);
            a21 = Vector512.FusedMultiplyAdd(xk, w1, a21);
            xk = Vector512.Create(x3[k]);
            a30 = Vector512.FusedMultiplyAdd(xk, w0, a30);
            a31 = Vector512.FusedMultiplyAdd(xk, w1, a31);
            xk = Vector512.Create(x4[k]);
            a40 = Vector512.FusedMultiplyAdd(xk, w0, a40);
            a41 = Vector512.FusedMultiplyAdd(xk, w1, a41);
            xk = Vector512.Create(x5[k]);
            a50 = Vector512.FusedMultiplyAdd(xk, w0, a50);
            a51 = Vector512.FusedMultiplyAdd(xk, w1, a51);
            xk = Vector512.Create(x6[k]);
            a60 = Vector512.FusedMultiplyAdd(xk, w0, a60);
            a61 = Vector512.FusedMultiplyAdd(xk, w1, a61);
            xk = Vector512.Create(x7[k]);
            a70 = Vector512.FusedMultiplyAdd(xk, w0, a70);
            a71 = Vector512.FusedMultiplyAdd(xk, w1, a71);
            xk = Vector512.Create(x8[k]);
            a80 = Vector512.FusedMultiplyAdd(xk, w0, a80);
            a81 = Vector512.FusedMultiplyAdd(xk, w1, a81);
            xk = Vector512.Create(x9[k]);
            a90 = Vector512.FusedMultiplyAdd(xk, w0, a90);
            a91 = Vector512.FusedMultiplyAdd(xk, w1, a91);
            xk = Vector512.Create(x10[k]);
            aA0 = Vector512.FusedMultiplyAdd(xk, w0, aA0);
            aA1 = Vector512.FusedMultiplyAdd(xk, w1, aA1);
            xk = Vector512.Create(x11[k]);
            aB0 = Vector512.FusedMultiplyAdd(xk, w0, aB0);
            aB1 = Vector512.FusedMultiplyAdd(xk, w1, aB1);
        }

        Store2(y + tile.Offset(0, fanOut), relu, a00, a01);
        Store2(y + tile.Offset(1, fanOut), relu, a10, a11);
        Store2(y + tile.Offset(2, fanOut), relu, a20, a21);
        Store2(y + tile.Offset(3, fanOut), relu, a30, a31);
        Store2(y + tile.Offset(4, fanOut), relu, a40, a41);
        Store2(y + tile.Offset(5, fanOut), relu, a50, a51);
        Store2(y + tile.Offset(6, fanOut), relu, a60, a61);
        Store2(y + tile.Offset(7, fanOut), relu, a70, a71);
        Store2(y + tile.Offset(8, fanOut), relu, a80, a81);
        Store2(y + tile.Offset(9, fanOut), relu, a90, a91);
        Store2(y + tile.Offset(10, fanOut), relu, aA0, aA1);
        Store2(y + tile.Offset(11, fanOut), relu, aB0, aB1);
    }

    /// <summary>Computes 12 rows of y (those of <paramref name="tile"/>) in the up to 16 columns that <paramref name="mask"/> selects.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardTile12x16(float* x, RowTile tile, int fanIn, float* w, int wStride, float* bias, int fanOut, bool relu, Vector512<float> mask, float* y)
    {
        float* x0 = x + tile.Offset(0, fanIn), x1 = x + tile.Offset(1, fanIn), x2 = x + tile.Offset(2, fanIn), x3 = x + tile.Offset(3, fanIn);
        float* x4 = x + tile.Offset(4, fanIn), x5 = x + tile.Offset(5, fanIn), x6 = x + tile.Offset(6, fanIn), x7 = x + tile.Offset(7, fanIn);
        float* x8 = x + tile.Offset(8, fanIn), x9 = x + tile.Offset(9, fanIn), x10 = x + tile.Offset(10, fanIn), x11 = x + tile.Offset(11, fanIn);
        Vector512<float> b = Avx512F.MaskLoad(bias, mask, Vector512<float>.Zero);
        Vector512<float> a0 = b, a1 = b, a2 = b, a3 = b, a4 = b, a5 = b, a6 = b, a7 = b, a8 = b, a9 = b, a10 = b, a11 = b;

        float* wRow = w;
        for (int k = 0; k < fanIn; k++, wRow += wStride)
        {
            Vector512<float> wk = Avx512F.MaskLoad(wRow, mask, Vector512<float>.Zero);
            a0 = Vector512.FusedMultiplyAdd(Vector512.Create(x0[k]), wk, a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.Create(x1[k]), wk, a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.Create(x2[k]), wk, a2);
            a3 = Vector512.FusedMultiplyAdd(Vector512.Create(x3[k]), wk, a3);
            a4 = Vector512.FusedMultiplyAdd(Vector512.Create(x4[k]), wk, a4);
            a5 = Vector512.FusedMultiplyAdd(Vector512.Create(x5[k]), wk, a5);
            a6 = Vector512.FusedMultiplyAdd(Vector512.Create(x6[k]), wk, a6);
            a7 = Vector512.FusedMultiplyAdd(Vector512.Create(x7[k]), wk, a7);
            a8 = Vector512.FusedMultiplyAdd(Vector512.Create(x8[k]), wk, a8);
            a9 = Vector512.FusedMultiplyAdd(Vector512.Create(x9[k]), wk, a9);
            a10 = Vector512.FusedMultiplyAdd(Vector512.Create(x10[k]), wk, a10);
            a11 = Vector512.FusedMultiplyAdd(Vector512.Create(x11[k]), wk, a11);
        }

        Avx512F.MaskStore(y + tile.Offset(0, fanOut), mask, Activate(a0, relu));
        Avx512F.MaskStore(y + tile.Offset(1, fanOut), mask, Activate(a1, relu));
        Avx512F.MaskStore(y + tile.Offset(2, fanOut), mask, Activate(a2, relu));
        Avx512F.MaskStore(y + tile.Offset(3, fanOut), mask, Activate(a3, relu));
        Avx512F.MaskStore(y + tile.Offset(4, fanOut), mask, Activate(a4, relu));
        Avx512F.MaskStore(y + tile.Offset(5, fanOut), mask, Activate(a5, relu));
        Avx512F.MaskStore(y + tile.Offset(6, fanOut), mask, Activate(a6, relu));
        Avx512F.MaskStore(y + tile.Offset(7, fanOut), mask, Activate(a7, relu));
        Avx512F.MaskStore(y + tile.Offset(8, fanOut), mask, Activate(a8, relu));
        Avx512F.MaskStore(y + tile.Offset(9, fanOut), mask, Activate(a9, relu));
        Avx512F.MaskStore(y + tile.Offset(10, fanOut), mask, Activate(a10, relu));
        Avx512F.MaskStore(y + tile.Offset(11, fanOut), mask, Activate(a11, relu));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store2(float* destination, bool relu, Vector512<float> v0, Vector512<float> v1)
    {
        Activate(v0, relu).Store(destination);
        Activate(v1, relu).Store(destination + Lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void BackpropInputVector512(float* g, int rows, int fanOut, float* w, int fanIn, float* reluOutput, float* dx)
    {
        for (int r0 = 0; r0 < rows; r0 += TileRows)
        {
            int last = rows - 1;
            int r1 = Math.Min(r0 + 1, last), r2 = Math.Min(r0 + 2, last), r3 = Math.Min(r0 + 3, last), r4 = Math.Min(r0 + 4, last);
            float* g0 = g + ((nint)r0 * fanOut);
            float* g1 = g + ((nint)r1 * fanOut);
            float* g2 = g + ((nint)r2 * fanOut);
            float* g3 = g + ((nint)r3 * fanOut);
            float* g4 = g + ((nint)r4 * fanOut);
            float* d0 = dx + ((nint)r0 * fanIn);
            float* d1 = dx + ((nint)r1 * fanIn);
            float* d2 = dx + ((nint)r2 * fanIn);
            float* d3 = dx + ((nint)r3 * fanIn);
            float* d4 = dx + ((nint)r4 * fanIn);
            float* gate0 = reluOutput == null ? null : reluOutput + ((nint)r0 * fanIn);
            float* gate1 = reluOutput == null ? null : reluOutput + ((nint)r1 * fanIn);
            float* gate2 = reluOutput == null ? null : reluOutput + ((nint)r2 * fanIn);
            float* gate3 = reluOutput == null ? null : reluOutput + ((nint)r3 * fanIn);
            float* gate4 = reluOutput == null ? null : reluOutput + ((nint)r4 * fanIn);

            for (int k0 = 0; k0 < fanIn; k0 += 4)
            {
                int k1 = Math.Min(k0 + 1, fanIn - 1), k2 = Math.Min(k0 + 2, fanIn - 1), k3 = Math.Min(k0 + 3, fanIn - 1);
                BackpropTile5x4(
                    g0, g1, g2, g3, g4, fanOut,
                    w + ((nint)k0 * fanOut), w + ((nint)k1 * fanOut), w + ((nint)k2 * fanOut), w + ((nint)k3 * fanOut),
                    k0, k1, k2, k3, gate0, gate1, gate2, gate3, gate4, d0, d1, d2, d3, d4);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackpropTile5x4(
        float* g0, float* g1, float* g2, float* g3, float* g4, int fanOut,
        float* w0, float* w1, float* w2, float* w3,
        int k0, int k1, int k2, int k3,
        float* gate0, float* gate1, float* gate2, float* gate3, float* gate4,
        float* d0, float* d1, float* d2, float* d3, float* d4)
    {
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default;
        Vector512<float> a30 = default, a31 = default, a32 = default, a33 = default;
        Vector512<float> a40 = default, a41 = default, a42 = default, a43 = default;

        for (int j = 0; j < fanOut; j += Lanes)
        {
            // A full vector gets an all-ones mask, and the masked loads zero the lanes past fanOut.
            Vector512<float> mask = TailMask(fanOut - j);
            Vector512<float> v0 = Avx512F.MaskLoad(w0 + j, mask, Vector512<float>.Zero);
            Vector512<float> v1 = Avx512F.MaskLoad(w1 + j, mask, Vector512<float>.Zero);
            Vector512<float> v2 = Avx512F.MaskLoad(w2 + j, mask, Vector512<float>.Zero);
            Vector512<float> v3 = Avx512F.MaskLoad(w3 + j, mask, Vector512<float>.Zero);

            Vector512<float> gj = Avx512F.MaskLoad(g0 + j, mask, Vector512<float>.Zero);
            a00 = Vector512.FusedMultiplyAdd(gj, v0, a00);
            a01 = Vector512.FusedMultiplyAdd(gj, v1, a01);
            a02 = Vector512.FusedMultiplyAdd(gj, v2, a02);
            a03 = Vector512.FusedMultiplyAdd(gj, v3, a03);

            gj = Avx512F.MaskLoad(g1 + j, mask, Vector512<float>.Zero);
            a10 = Vector512.FusedMultiplyAdd(gj, v0, a10);
            a11 = Vector512.FusedMultiplyAdd(gj, v1, a11);
            a12 = Vector512.FusedMultiplyAdd(gj, v2, a12);
            a13 = Vector512.FusedMultiplyAdd(gj, v3, a13);

            gj = Avx512F.MaskLoad(g2 + j, mask, Vector512<float>.Zero);
            a20 = Vector512.FusedMultiplyAdd(gj, v0, a20);
            a21 = Vector512.FusedMultiplyAdd(gj, v1, a21);
            a22 = Vector512.FusedMultiplyAdd(gj, v2, a22);
            a23 = Vector512.FusedMultiplyAdd(gj, v3, a23);

            gj = Avx512F.MaskLoad(g3 + j, mask, Vector512<float>.Zero);
            a30 = Vector512.FusedMultiplyAdd(gj, v0, a30);
            a31 = Vector512.FusedMultiplyAdd(gj, v1, a31);
            a32 = Vector512.FusedMultiplyAdd(gj, v2, a32);
            a33 = Vector512.FusedMultiplyAdd(gj, v3, a33);

            gj = Avx512F.MaskLoad(g4 + j, mask, Vector512<float>.Zero);
            a40 = Vector512.FusedMultiplyAdd(gj, v0, a40);
            a41 = Vector512.FusedMultiplyAdd(gj, v1, a41);
            a42 = Vector512.FusedMultiplyAdd(gj, v2, a42);
            a43 = Vector512.FusedMultiplyAdd(gj, v3, a43);
        }

        StoreSums(d0, gate0, k0, k1, k2, k3, a00, a01, a02, a03);
        StoreSums(d1, gate1, k0, k1, k2, k3, a10, a11, a12, a13);
        StoreSums(d2, gate2, k0, k1, k2, k3, a20, a21, a22, a23);
        StoreSums(d3, gate3, k0, k1, k2, k3, a30, a31, a32, a33);
        StoreSums(d4, gate4, k0, k1, k2, k3, a40, a41, a42, a43);
    }

    /// <summary>Writes the lane sums of four accumulators to row[k0..k3], zeroed where the ReLU output gate is not positive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreSums(
        float* row, float* gate, int k0, int k1, int k2, int k3, Vector512<float> s0, Vector512<float> s1, Vector512<float> s2, Vector512<float> s3)
    {
        Vector128<float> sums = SumEach(s0, s1, s2, s3);
        if (k3 == k0 + 3)
        {
            if (gate != null)
            {
                Vector128<float> positive = Vector128.GreaterThan(Vector128.Load(gate + k0), Vector128<float>.Zero);
                sums = Vector128.ConditionalSelect(positive, sums, Vector128<float>.Zero);
            }

            sums.Store(row + k0);
        }
        else
        {
            row[k0] = Gate(gate, k0, sums.GetElement(0));
            row[k1] = Gate(gate, k1, sums.GetElement(1));
            row[k2] = Gate(gate, k2, sums.GetElement(2));
            row[k3] = Gate(gate, k3, sums.GetElement(3));
        }
    }

    /// <summary>Returns the lane sums of four accumulators as one vector: [Σ s0, Σ s1, Σ s2, Σ s3].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> SumEach(Vector512<float> s0, Vector512<float> s1, Vector512<float> s2, Vector512<float> s3)
    {
        // Folding each accumulator to 4 lanes and then adding pairs across the four vectors takes fewer shuffles
        // than four Vector512.Sum calls. With 10-row batches on a Zen 4 core it cut the input-gradient time of
        // the 2NN's 200×200 layer from about 16 to 12 µs and of its 200×10 layer from about 6 to 2.5 µs.
        Vector128<float> pairs01 = Sse3.HorizontalAdd(FoldTo128(s0), FoldTo128(s1));
        Vector128<float> pairs23 = Sse3.HorizontalAdd(FoldTo128(s2), FoldTo128(s3));
        return Sse3.HorizontalAdd(pairs01, pairs23);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> FoldTo128(Vector512<float> values)
    {
        Vector256<float> half = values.GetLower() + values.GetUpper();
        return half.GetLower() + half.GetUpper();
    }

    /// <summary>Returns <paramref name="value"/>, or 0 where the ReLU output <paramref name="gate"/>[k] is not positive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Gate(float* gate, int k, float value) => gate == null || gate[k] > 0f ? value : 0f;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AccumulateWeightsVector512(
        float* x, float* s, int rows, int fanIn, int fanOut, float scale, float* wSource, float* biasSource, float* w, float* bias)
    {
        // Weight rows cannot repeat like the forward tile's batch rows, because each store adds to W.
        int k = 0;
        for (; k + 4 <= fanIn; k += 4)
        {
            float* wRow = w + ((nint)k * fanOut);
            float* sourceRow = wSource + ((nint)k * fanOut);
            int j = 0;
            for (; j + BlockColumns <= fanOut; j += BlockColumns)
            {
                AccumulateTile4x64(x + k, fanIn, s + j, rows, fanOut, scale, sourceRow + j, wRow + j);
            }

            // As in the forward pass, up to 8 remaining columns take a 256-bit tile, with the same sums.
            if (j < fanOut && fanOut - j <= Lanes256)
            {
                AccumulateTile4x8(x + k, fanIn, s + j, rows, fanOut, Vector256.Create(scale), fanOut - j, sourceRow + j, wRow + j);
                continue;
            }

            for (; j < fanOut; j += Lanes)
            {
                AccumulateTile4x16(x + k, fanIn, s + j, rows, fanOut, scale, TailMask(fanOut - j), sourceRow + j, wRow + j);
            }
        }

        for (; k < fanIn; k++)
        {
            float* wRow = w + ((nint)k * fanOut);
            float* sourceRow = wSource + ((nint)k * fanOut);
            for (int j = 0; j < fanOut; j += Lanes)
            {
                AccumulateTile1x16(x + k, fanIn, s + j, rows, fanOut, scale, TailMask(fanOut - j), sourceRow + j, wRow + j);
            }
        }

        // The bias is a weight whose input is always 1.
        for (int j = 0; j < fanOut; j += Lanes)
        {
            Vector512<float> mask = TailMask(fanOut - j);
            Vector512<float> sum = Vector512<float>.Zero;
            for (int r = 0; r < rows; r++)
            {
                sum += Avx512F.MaskLoad(s + ((nint)r * fanOut) + j, mask, Vector512<float>.Zero);
            }

            Vector512<float> biasValues = Avx512F.MaskLoad(biasSource + j, mask, Vector512<float>.Zero);
            Avx512F.MaskStore(bias + j, mask, Vector512.FusedMultiplyAdd(Vector512.Create(scale), sum, biasValues));
        }
    }

    /// <summary>
    /// Adds α·Σ_r X[r, i]·S[r, 0..63] to the four weight rows w[i·fanOut ..] for i in 0..3, with 16 accumulators.
    /// </summary>
    /// <remarks>
    /// The products are summed first and scaled once, so each input is broadcast straight from memory. Scaling each
    /// input before its broadcast took a shuffle per broadcast, on a port that also runs FMAs on Intel cores.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateTile4x64(float* x, int fanIn, float* s, int rows, int fanOut, float scale, float* wSource, float* w)
    {
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default;
        Vector512<float> a30 = default, a31 = default, a32 = default, a33 = default;

        float* xRow = x;
        float* sRow = s;
        for (int r = 0; r < rows; r++, xRow += fanIn, sRow += fanOut)
        {
            Vector512<float> s0 = Vector512.Load(sRow);
            Vector512<float> s1 = Vector512.Load(sRow + Lanes);
            Vector512<float> s2 = Vector512.Load(sRow + (2 * Lanes));
            Vector512<float> s3 = Vector512.Load(sRow + (3 * Lanes));

            Vector512<float> xk = Vector512.Create(xRow[0]);
            a00 = Vector512.FusedMultiplyAdd(xk, s0, a00);
            a01 = Vector512.FusedMultiplyAdd(xk, s1, a01);
            a02 = Vector512.FusedMultiplyAdd(xk, s2, a02);
            a03 = Vector512.FusedMultiplyAdd(xk, s3, a03);

            xk = Vector512.Create(xRow[1]);
            a10 = Vector512.FusedMultiplyAdd(xk, s0, a10);
            a11 = Vector512.FusedMultiplyAdd(xk, s1, a11);
            a12 = Vector512.FusedMultiplyAdd(xk, s2, a12);
            a13 = Vector512.FusedMultiplyAdd(xk, s3, a13);

            xk = Vector512.Create(xRow[2]);
            a20 = Vector512.FusedMultiplyAdd(xk, s0, a20);
            a21 = Vector512.FusedMultiplyAdd(xk, s1, a21);
            a22 = Vector512.FusedMultiplyAdd(xk, s2, a22);
            a23 = Vector512.FusedMultiplyAdd(xk, s3, a23);

            xk = Vector512.Create(xRow[3]);
            a30 = Vector512.FusedMultiplyAdd(xk, s0, a30);
            a31 = Vector512.FusedMultiplyAdd(xk, s1, a31);
            a32 = Vector512.FusedMultiplyAdd(xk, s2, a32);
            a33 = Vector512.FusedMultiplyAdd(xk, s3, a33);
        }

        Vector512<float> factor = Vector512.Create(scale);
        nint stride = fanOut;
        AddScaled4(w, wSource, factor, a00, a01, a02, a03);
        AddScaled4(w + stride, wSource + stride, factor, a10, a11, a12, a13);
        AddScaled4(w + (2 * stride), wSource + (2 * stride), factor, a20, a21, a22, a23);
        AddScaled4(w + (3 * stride), wSource + (3 * stride), factor, a30, a31, a32, a33);
    }

    /// <summary>Adds α·Σ_r X[r, i]·S[r, j] to four weight rows in the up to 16 columns that <paramref name="mask"/> selects.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateTile4x16(float* x, int fanIn, float* s, int rows, int fanOut, float scale, Vector512<float> mask, float* wSource, float* w)
    {
        nint stride = fanOut;
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        float* xRow = x;
        float* sRow = s;
        for (int r = 0; r < rows; r++, xRow += fanIn, sRow += fanOut)
        {
            Vector512<float> sj = Avx512F.MaskLoad(sRow, mask, Vector512<float>.Zero);
            a0 = Vector512.FusedMultiplyAdd(Vector512.Create(xRow[0]), sj, a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.Create(xRow[1]), sj, a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.Create(xRow[2]), sj, a2);
            a3 = Vector512.FusedMultiplyAdd(Vector512.Create(xRow[3]), sj, a3);
        }

        Vector512<float> factor = Vector512.Create(scale);
        AddScaledMasked(w, wSource, factor, mask, a0);
        AddScaledMasked(w + stride, wSource + stride, factor, mask, a1);
        AddScaledMasked(w + (2 * stride), wSource + (2 * stride), factor, mask, a2);
        AddScaledMasked(w + (3 * stride), wSource + (3 * stride), factor, mask, a3);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateTile1x16(float* x, int fanIn, float* s, int rows, int fanOut, float scale, Vector512<float> mask, float* wSource, float* w)
    {
        Vector512<float> a = default;
        for (int r = 0; r < rows; r++)
        {
            Vector512<float> sj = Avx512F.MaskLoad(s + ((nint)r * fanOut), mask, Vector512<float>.Zero);
            a = Vector512.FusedMultiplyAdd(Vector512.Create(x[(nint)r * fanIn]), sj, a);
        }

        AddScaledMasked(w, wSource, Vector512.Create(scale), mask, a);
    }

    /// <summary>Stores source + factor·sums to the 64 floats at <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaled4(
        float* destination, float* source, Vector512<float> factor, Vector512<float> s0, Vector512<float> s1, Vector512<float> s2, Vector512<float> s3)
    {
        Vector512.FusedMultiplyAdd(factor, s0, Vector512.Load(source)).Store(destination);
        Vector512.FusedMultiplyAdd(factor, s1, Vector512.Load(source + Lanes)).Store(destination + Lanes);
        Vector512.FusedMultiplyAdd(factor, s2, Vector512.Load(source + (2 * Lanes))).Store(destination + (2 * Lanes));
        Vector512.FusedMultiplyAdd(factor, s3, Vector512.Load(source + (3 * Lanes))).Store(destination + (3 * Lanes));
    }

    /// <summary>Stores source + factor·sums to the lanes of <paramref name="destination"/> that <paramref name="mask"/> selects.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaledMasked(float* destination, float* source, Vector512<float> factor, Vector512<float> mask, Vector512<float> sums)
    {
        Vector512<float> values = Avx512F.MaskLoad(source, mask, Vector512<float>.Zero);
        Avx512F.MaskStore(destination, mask, Vector512.FusedMultiplyAdd(factor, sums, values));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Activate(Vector512<float> values, bool relu) => relu ? Vector512.Max(values, Vector512<float>.Zero) : values;

    /// <summary>Returns a mask whose first min(<paramref name="remaining"/>, 16) lanes have all bits set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> TailMask(int remaining) =>
        Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(remaining)).AsSingle();
}
