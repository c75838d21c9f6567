using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FedWorkbench.Simulation.Models;

/// <summary>The register-blocked AVX2+FMA path of the dense-layer kernels, for CPUs without AVX-512.</summary>
/// <remarks>
/// AVX2 has 16 vector registers of 8 lanes, so each tile keeps at most 12 accumulators plus the loaded and
/// broadcast operands in registers. The forward tile covers 5 batch rows by 2 vectors (16 columns) and walks
/// the column strips in the outer loop, so one strip of W stays in the L1 and L2 caches while every row tile
/// uses it. Over 30 or more rows, as in evaluation, it covers 6 rows, in blocks of at most 60 rows. The input-gradient tile covers 2 batch rows by 4 weight rows and walks the weight rows in the outer
/// loop, so W is read from L2 once per call. The weight update covers 2 weight rows by 6 vectors (48 columns),
/// summed over the batch rows. The columns after the last 48-wide strip run in tiles of 6 weight rows by
/// 2 vectors, then 4 rows, then 1, for the remainder. As on the AVX-512 path, a tile that runs past the last batch
/// row (or weight row, for the input gradient) repeats the last one, and column tails use masked loads and stores.
/// <para>
/// Measured on a 2-core Zen 3 VM (EPYC family 25 model 1, about 102 GFLOP/s of FMA per core by
/// benchmarks/kernels.sh --peak) while other jobs shared it. Timing used thread CPU time, medians of 20 blocks of
/// 200 steps, in 6 processes run alternately with the previous kernels. One 2NN (784-200-200-10) SGD step at
/// B = 10 took about 126 µs (about 70 GFLOP/s, 68% of that limit), against about 130 µs before the 2 × 48 update
/// tile and the input-gradient loop order, and about 420 µs (about 21 GFLOP/s) on the portable path.
/// Per call at B = 10, W0 evicted from L2 first: forward 10 × 784 × 200 about 41 µs (76 GFLOP/s), update
/// 10 × 784 × 200 about 45 µs (69 GFLOP/s), and on 200 × 200 forward about 10 µs (80 GFLOP/s), update and input
/// gradient about 12 µs each (67 GFLOP/s). The 200 × 10 layer took about 10 µs for 0.12 MFLOP in these tiles. It
/// is now stored output-major, and its kernels in DenseKernels.OutputMajor.cs take about 4 µs.
/// </para>
/// </remarks>
internal static unsafe partial class DenseKernels
{
    private const int Lanes256 = 8;
    private const int Columns256 = 2 * Lanes256;
    private const int ForwardRows256 = 5;
    private const int WideColumns256 = 6 * Lanes256;

    /// <summary>Row count from which the forward pass runs in row blocks with 6-row tiles, as evaluation does.</summary>
    private const int ManyRows256 = 30;

    /// <summary>Rows per block of a forward pass over many rows: 60 rows of 784 inputs take 188 KB of L2.</summary>
    private const int ForwardBlockRows256 = 60;

    // NOTE: The 2NN step reaches about 68% of one core's FMA limit, short of 80%. At B = 10 each update tile sums
    // only 10 products per accumulator, so its fixed cost per tile takes about a third of its time. With 40 batch
    // rows the 200 × 200 update runs at about 84 GFLOP/s. Sending the update's results to a small L1-resident
    // buffer instead of W did not speed it up, so moving W through the caches is not the main cost. The 200 × 10
    // layer, stored output-major, takes about 3% of the step.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ForwardVector256(float* x, int rows, int fanIn, float* w, float* bias, int fanOut, bool relu, float* y)
    {
        // Over many rows, each block of rows stays in L2 while every column strip of W passes over it, instead of
        // every strip reading all the rows from L3 again. The 6-row tiles keep 12 accumulators busy. Evaluating the
        // 2NN on one core took about 47 ms this way against about 50 ms with 5-row tiles over all rows at once.
        if (rows > ForwardBlockRows256)
        {
            for (int r = 0; r < rows; r += ForwardBlockRows256)
            {
                ForwardVector256(x + ((nint)r * fanIn), Math.Min(ForwardBlockRows256, rows - r), fanIn, w, bias, fanOut, relu, y + ((nint)r * fanOut));
            }

            return;
        }

        int j = 0;
        if (rows >= ManyRows256)
        {
            for (; j + Columns256 <= fanOut; j += Columns256)
            {
                for (int r0 = 0; r0 < rows; r0 += 6)
                {
                    var tile = new RowTile(r0, rows);
                    ForwardTile6x16(
                        x + tile.Offset(0, fanIn), x + tile.Offset(1, fanIn), x + tile.Offset(2, fanIn),
                        x + tile.Offset(3, fanIn), x + tile.Offset(4, fanIn), x + tile.Offset(5, fanIn),
                        fanIn, w + j, bias + j, fanOut, relu,
                        y + tile.Offset(0, fanOut) + j, y + tile.Offset(1, fanOut) + j, y + tile.Offset(2, fanOut) + j,
                        y + tile.Offset(3, fanOut) + j, y + tile.Offset(4, fanOut) + j, y + tile.Offset(5, fanOut) + j);
                }
            }
        }

        for (; j + Columns256 <= fanOut; j += Columns256)
        {
            for (int r0 = 0; r0 < rows; r0 += ForwardRows256)
            {
                var tile = new RowTile(r0, rows);
                ForwardTile5x16(
                    x + tile.Offset(0, fanIn), x + tile.Offset(1, fanIn), x + tile.Offset(2, fanIn), x + tile.Offset(3, fanIn), x + tile.Offset(4, fanIn),
                    fanIn, w + j, bias + j, fanOut, relu,
                    y + tile.Offset(0, fanOut) + j, y + tile.Offset(1, fanOut) + j, y + tile.Offset(2, fanOut) + j, y + tile.Offset(3, fanOut) + j, y + tile.Offset(4, fanOut) + j);
            }
        }

        ForwardColumns256(x, rows, fanIn, w, fanOut, bias, fanOut, relu, y, j);
    }

    /// <summary>
    /// Computes the columns from <paramref name="firstColumn"/> to the end, 8 at a time in tiles of 5 rows, with row
    /// k of W at w + k·<paramref name="wStride"/>. The 1 to 15 remaining columns of a layer run as one unmasked vector
    /// when 8 or more remain, then one masked vector, because masked stores are slow on AMD cores even with all
    /// lanes set.
    /// </summary>
    private static void ForwardColumns256(float* x, int rows, int fanIn, float* w, int wStride, float* bias, int fanOut, bool relu, float* y, int firstColumn)
    {
        for (int j = firstColumn; j < fanOut; j += Lanes256)
        {
            bool masked = fanOut - j < Lanes256;
            Vector256<float> mask = TailMask256(fanOut - j);
            for (int r0 = 0; r0 < rows; r0 += ForwardRows256)
            {
                var tile = new RowTile(r0, rows);
                float* x0 = x + tile.Offset(0, fanIn), x1 = x + tile.Offset(1, fanIn), x2 = x + tile.Offset(2, fanIn), x3 = x + tile.Offset(3, fanIn), x4 = x + tile.Offset(4, fanIn);
                float* y0 = y + tile.Offset(0, fanOut) + j, y1 = y + tile.Offset(1, fanOut) + j, y2 = y + tile.Offset(2, fanOut) + j;
                float* y3 = y + tile.Offset(3, fanOut) + j, y4 = y + tile.Offset(4, fanOut) + j;
                if (masked)
                {
                    ForwardTile5x8Masked(x0, x1, x2, x3, x4, fanIn, w + j, wStride, bias + j, relu, mask, y0, y1, y2, y3, y4);
                }
                else
                {
                    ForwardTile5x8(x0, x1, x2, x3, x4, fanIn, w + j, wStride, bias + j, relu, y0, y1, y2, y3, y4);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardTile6x16(
        float* x0, float* x1, float* x2, float* x3, float* x4, float* x5, int fanIn, float* w, float* bias, int fanOut, bool relu,
        float* y0, float* y1, float* y2, float* y3, float* y4, float* y5)
    {
        Vector256<float> b0 = Vector256.Load(bias);
        Vector256<float> b1 = Vector256.Load(bias + Lanes256);
        Vector256<float> a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1;
        Vector256<float> a30 = b0, a31 = b1, a40 = b0, a41 = b1, a50 = b0, a51 = b1;

        float* wRow = w;
        nint prefetchDistance = 8 * (nint)fanOut;
        for (int k = 0; k < fanIn; k++, wRow += fanOut)
        {
            Sse.Prefetch0(wRow + prefetchDistance);
            Sse.Prefetch0(wRow + prefetchDistance + Lanes256 + Lanes256 - 1);
            Vector256<float> w0 = Vector256.Load(wRow);
            Vector256<float> w1 = Vector256.Load(wRow + Lanes256);

            Vector256<float> xk = Vector256.Create(x0[k]);
            a00 = Fma.MultiplyAdd(xk, w0, a00);
            a01 = Fma.MultiplyAdd(xk, w1, a01);
            xk = Vector256.Create(x1[k]);
            a10 = Fma.MultiplyAdd(xk, w0, a10);
            a11 = Fma.MultiplyAdd(xk, w1, a11);
            xk = Vector256.Create(x2[k]);
            a20 = Fma.MultiplyAdd(xk, w0, a20);
            a21 = Fma.MultiplyAdd(xk, w1, a21);
            xk = Vector256.Create(x3[k]);
            a30 = Fma.MultiplyAdd(xk, w0, a30);
            a31 = Fma.MultiplyAdd(xk, w1, a31);
            xk = Vector256.Create(x4[k]);
            a40 = Fma.MultiplyAdd(xk, w0, a40);
            a41 = Fma.MultiplyAdd(xk, w1, a41);
            xk = Vector256.Create(x5[k]);
            a50 = Fma.MultiplyAdd(xk, w0, a50);
            a51 = Fma.MultiplyAdd(xk, w1, a51);
        }

        Store2(y0, relu, a00, a01);
        Store2(y1, relu, a10, a11);
        Store2(y2, relu, a20, a21);
        Store2(y3, relu, a30, a31);
        Store2(y4, relu, a40, a41);
        Store2(y5, relu, a50, a51);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardTile5x16(
        float* x0, float* x1, float* x2, float* x3, float* x4, int fanIn, float* w, float* bias, int fanOut, bool relu,
        float* y0, float* y1, float* y2, float* y3, float* y4)
    {
        Vector256<float> b0 = Vector256.Load(bias);
        Vector256<float> b1 = Vector256.Load(bias + Lanes256);
        Vector256<float> a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1, a40 = b0, a41 = b1;

        float* wRow = w;
        nint prefetchDistance = 8 * (nint)fanOut;
        for (int k = 0; k < fanIn; k++, wRow += fanOut)
        {
            Sse.Prefetch0(wRow + prefetchDistance);
            Sse.Prefetch0(wRow + prefetchDistance + Lanes256 + Lanes256 - 1);
            Vector256<float> w0 = Vector256.Load(wRow);
            Vector256<float> w1 = Vector256.Load(wRow + Lanes256);

            Vector256<float> xk = Vector256.Create(x0[k]);
            a00 = Fma.MultiplyAdd(xk, w0, a00);
            a01 = Fma.MultiplyAdd(xk, w1, a01);
            xk = Vector256.Create(x1[k]);
            a10 = Fma.MultiplyAdd(xk, w0, a10);
            a11 = Fma.MultiplyAdd(xk, w1, a11);
            xk = Vector256.Create(x2[k]);
            a20 = Fma.MultiplyAdd(xk, w0, a20);
            a21 = Fma.MultiplyAdd(xk, w1, a21);
            xk = Vector256.Create(x3[k]);
            a30 = Fma.MultiplyAdd(xk, w0, a30);
            a31 = Fma.MultiplyAdd(xk, w1, a31);
            xk = Vector256.Create(x4[k]);
            a40 = Fma.MultiplyAdd(xk, w0, a40);
            a41 = Fma.MultiplyAdd(xk, w1, a41);
        }

        Store2(y0, relu, a00, a01);
        Store2(y1, relu, a10, a11);
        Store2(y2, relu, a20, a21);
        Store2(y3, relu, a30, a31);
        Store2(y4, relu, a40, a41);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardTile5x8(
        float* x0, float* x1, float* x2, float* x3, float* x4, int fanIn, float* w, int wStride, float* bias, bool relu,
        float* y0, float* y1, float* y2, float* y3, float* y4)
    {
        Vector256<float> b = Vector256.Load(bias);
        Vector256<float> a0 = b, a1 = b, a2 = b, a3 = b, a4 = b;

        float* wRow = w;
        for (int k = 0; k < fanIn; k++, wRow += wStride)
        {
            Vector256<float> wk = Vector256.Load(wRow);
            a0 = Fma.MultiplyAdd(Vector256.Create(x0[k]), wk, a0);
            a1 = Fma.MultiplyAdd(Vector256.Create(x1[k]), wk, a1);
            a2 = Fma.MultiplyAdd(Vector256.Create(x2[k]), wk, a2);
            a3 = Fma.MultiplyAdd(Vector256.Create(x3[k]), wk, a3);
            a4 = Fma.MultiplyAdd(Vector256.Create(x4[k]), wk, a4);
        }

        Activate(a0, relu).Store(y0);
        Activate(a1, relu).Store(y1);
        Activate(a2, relu).Store(y2);
        Activate(a3, relu).Store(y3);
        Activate(a4, relu).Store(y4);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardTile5x8Masked(
        float* x0, float* x1, float* x2, float* x3, float* x4, int fanIn, float* w, int wStride, float* bias, bool relu, Vector256<float> mask,
        float* y0, float* y1, float* y2, float* y3, float* y4)
    {
        Vector256<float> b = Avx.MaskLoad(bias, mask);
        Vector256<float> a0 = b, a1 = b, a2 = b, a3 = b, a4 = b;

        float* wRow = w;
        for (int k = 0; k < fanIn; k++, wRow += wStride)
        {
            Vector256<float> wk = Avx.MaskLoad(wRow, mask);
            a0 = Fma.MultiplyAdd(Vector256.Create(x0[k]), wk, a0);
            a1 = Fma.MultiplyAdd(Vector256.Create(x1[k]), wk, a1);
            a2 = Fma.MultiplyAdd(Vector256.Create(x2[k]), wk, a2);
            a3 = Fma.MultiplyAdd(Vector256.Create(x3[k]), wk, a3);
            a4 = Fma.MultiplyAdd(Vector256.Create(x4[k]), wk, a4);
        }

        Avx.MaskStore(y0, mask, Activate(a0, relu));
        Avx.MaskStore(y1, mask, Activate(a1, relu));
        Avx.MaskStore(y2, mask, Activate(a2, relu));
        Avx.MaskStore(y3, mask, Activate(a3, relu));
        Avx.MaskStore(y4, mask, Activate(a4, relu));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void BackpropInputVector256(float* g, int rows, int fanOut, float* w, int fanIn, float* reluOutput, float* dx)
    {
        // The four W rows of a tile stay in the L1 cache while every pair of batch rows uses them, so W is read
        // from L2 once per call instead of once per row pair.
        int fullColumns = fanOut & ~(Lanes256 - 1);
        Vector256<float> tailMask = TailMask256(fanOut - fullColumns);
        for (int k0 = 0; k0 < fanIn; k0 += 4)
        {
            int k1 = Math.Min(k0 + 1, fanIn - 1), k2 = Math.Min(k0 + 2, fanIn - 1), k3 = Math.Min(k0 + 3, fanIn - 1);
            float* w0 = w + ((nint)k0 * fanOut), w1 = w + ((nint)k1 * fanOut), w2 = w + ((nint)k2 * fanOut), w3 = w + ((nint)k3 * fanOut);
            for (int r0 = 0; r0 < rows; r0 += 2)
            {
                int r1 = Math.Min(r0 + 1, rows - 1);
                BackpropTile2x4(
                    g + ((nint)r0 * fanOut), g + ((nint)r1 * fanOut), fullColumns, fanOut - fullColumns, tailMask, w0, w1, w2, w3,
                    out Vector128<float> sums0, out Vector128<float> sums1);
                float* gate0 = reluOutput == null ? null : reluOutput + ((nint)r0 * fanIn);
                float* gate1 = reluOutput == null ? null : reluOutput + ((nint)r1 * fanIn);
                StoreSums(dx + ((nint)r0 * fanIn), gate0, k0, k1, k2, k3, sums0);
                StoreSums(dx + ((nint)r1 * fanIn), gate1, k0, k1, k2, k3, sums1);
            }
        }
    }

    /// <summary>
    /// Computes the dot products of two G rows with four W rows: <paramref name="sums0"/>[i] = g0·w_i and
    /// <paramref name="sums1"/>[i] = g1·w_i, over <paramref name="fullColumns"/> columns plus a masked tail.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackpropTile2x4(
        float* g0, float* g1, int fullColumns, int tailColumns, Vector256<float> tailMask,
        float* w0, float* w1, float* w2, float* w3,
        out Vector128<float> sums0, out Vector128<float> sums1)
    {
        Vector256<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector256<float> a10 = default, a11 = default, a12 = default, a13 = default;

        int j = 0;
        for (; j < fullColumns; j += Lanes256)
        {
            Vector256<float> v0 = Vector256.Load(w0 + j);
            Vector256<float> v1 = Vector256.Load(w1 + j);
            Vector256<float> v2 = Vector256.Load(w2 + j);
            Vector256<float> v3 = Vector256.Load(w3 + j);

            Vector256<float> gj = Vector256.Load(g0 + j);
            a00 = Fma.MultiplyAdd(gj, v0, a00);
            a01 = Fma.MultiplyAdd(gj, v1, a01);
            a02 = Fma.MultiplyAdd(gj, v2, a02);
            a03 = Fma.MultiplyAdd(gj, v3, a03);
            gj = Vector256.Load(g1 + j);
            a10 = Fma.MultiplyAdd(gj, v0, a10);
            a11 = Fma.MultiplyAdd(gj, v1, a11);
            a12 = Fma.MultiplyAdd(gj, v2, a12);
            a13 = Fma.MultiplyAdd(gj, v3, a13);
        }

        if (tailColumns > 0)
        {
            // The masked loads read zeros past fanOut, so the tail lanes add nothing.
            Vector256<float> v0 = Avx.MaskLoad(w0 + j, tailMask);
            Vector256<float> v1 = Avx.MaskLoad(w1 + j, tailMask);
            Vector256<float> v2 = Avx.MaskLoad(w2 + j, tailMask);
            Vector256<float> v3 = Avx.MaskLoad(w3 + j, tailMask);

            Vector256<float> gj = Avx.MaskLoad(g0 + j, tailMask);
            a00 = Fma.MultiplyAdd(gj, v0, a00);
            a01 = Fma.MultiplyAdd(gj, v1, a01);
            a02 = Fma.MultiplyAdd(gj, v2, a02);
            a03 = Fma.MultiplyAdd(gj, v3, a03);
            gj = Avx.MaskLoad(g1 + j, tailMask);
            a10 = Fma.MultiplyAdd(gj, v0, a10);
            a11 = Fma.MultiplyAdd(gj, v1, a11);
            a12 = Fma.MultiplyAdd(gj, v2, a12);
            a13 = Fma.MultiplyAdd(gj, v3, a13);
        }

        sums0 = SumEach(a00, a01, a02, a03);
        sums1 = SumEach(a10, a11, a12, a13);
    }

    /// <summary>Writes <paramref name="sums"/> to row[k0..k3], zeroed where the ReLU output gate is not positive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreSums(float* row, float* gate, int k0, int k1, int k2, int k3, Vector128<float> sums)
    {
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
    private static Vector128<float> SumEach(Vector256<float> s0, Vector256<float> s1, Vector256<float> s2, Vector256<float> s3)
    {
        // Each 128-bit half of the pairwise sums contains partial sums of [s0, s1, s2, s3], so adding the halves finishes.
        Vector256<float> pairs = Avx.HorizontalAdd(Avx.HorizontalAdd(s0, s1), Avx.HorizontalAdd(s2, s3));
        return pairs.GetLower() + pairs.GetUpper();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AccumulateWeightsVector256(
        float* x, float* s, int rows, int fanIn, int fanOut, float scale, float* wSource, float* biasSource, float* w, float* bias)
    {
        Vector256<float> factor = Vector256.Create(scale);

        // Columns in whole 48-wide strips run as 2 × 48 tiles, which broadcast 2 values of X per 6 loads of S,
        // against 6 per 2 in a 6 × 16 tile. The columns after them run in 6 × 16 tiles and their remainders,
        // interleaved in blocks of 6 weight rows so that each block is still in the cache for its last columns.
        int wideColumns = fanOut - (fanOut % WideColumns256);
        int k = 0;
        for (; k + 6 <= fanIn; k += 6)
        {
            AccumulateWideColumns(x, s, rows, fanIn, fanOut, factor, k, k + 6, wideColumns, wSource, w);
            AccumulateNarrowColumns(x, s, rows, fanIn, fanOut, factor, k, k + 6, wideColumns, wSource, w);
        }

        AccumulateWideColumns(x, s, rows, fanIn, fanOut, factor, k, fanIn, wideColumns, wSource, w);
        AccumulateNarrowColumns(x, s, rows, fanIn, fanOut, factor, k, fanIn, wideColumns, wSource, w);

        // The bias is a weight whose input is always 1.
        for (int j = 0; j < fanOut; j += Lanes256)
        {
            bool masked = fanOut - j < Lanes256;
            Vector256<float> mask = TailMask256(fanOut - j);
            Vector256<float> sum = Vector256<float>.Zero;
            for (int r = 0; r < rows; r++)
            {
                float* sRow = s + ((nint)r * fanOut) + j;
                sum += masked ? Avx.MaskLoad(sRow, mask) : Vector256.Load(sRow);
            }

            if (masked)
            {
                Avx.MaskStore(bias + j, mask, Fma.MultiplyAdd(factor, sum, Avx.MaskLoad(biasSource + j, mask)));
            }
            else
            {
                Fma.MultiplyAdd(factor, sum, Vector256.Load(biasSource + j)).Store(bias + j);
            }
        }
    }

    /// <summary>
    /// Adds α·Xᵀ·S to W in weight rows <paramref name="firstRow"/> to <paramref name="endRow"/> − 1 and columns
    /// 0 to <paramref name="endColumn"/> − 1, a multiple of 48, in 2 × 48 tiles and then one row at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateWideColumns(
        float* x, float* s, int rows, int fanIn, int fanOut, Vector256<float> factor, int firstRow, int endRow, int endColumn, float* wSource, float* w)
    {
        int k = firstRow;
        for (; k + 2 <= endRow; k += 2)
        {
            float* wRow = w + ((nint)k * fanOut);
            float* sourceRow = wSource + ((nint)k * fanOut);
            for (int j = 0; j < endColumn; j += WideColumns256)
            {
                AccumulateTile2x48(x + k, fanIn, s + j, rows, fanOut, factor, sourceRow + j, wRow + j);
            }
        }

        if (k < endRow)
        {
            float* wRow = w + ((nint)k * fanOut);
            float* sourceRow = wSource + ((nint)k * fanOut);
            for (int j = 0; j < endColumn; j += Lanes256)
            {
                AccumulateTile1x8(x + k, fanIn, s + j, rows, fanOut, factor, TailMask256(Lanes256), sourceRow + j, wRow + j);
            }
        }
    }

    /// <summary>
    /// Adds α·Xᵀ·S to W in weight rows <paramref name="firstRow"/> to <paramref name="endRow"/> − 1 and columns
    /// <paramref name="firstColumn"/> to fanOut − 1, in 6 × 16 tiles and their remainders.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateNarrowColumns(
        float* x, float* s, int rows, int fanIn, int fanOut, Vector256<float> factor, int firstRow, int endRow, int firstColumn, float* wSource, float* w)
    {
        if (firstColumn >= fanOut)
        {
            return;
        }

        // Weight rows cannot repeat like batch rows, because each store adds to W. The rows left after the 6-row
        // blocks run as one 4-row block and then one row at a time.
        int k = firstRow;
        for (; k + 6 <= endRow; k += 6)
        {
            float* wRow = w + ((nint)k * fanOut);
            float* sourceRow = wSource + ((nint)k * fanOut);
            int j = firstColumn;
            for (; j + Columns256 <= fanOut; j += Columns256)
            {
                AccumulateTile6x16(x + k, fanIn, s + j, rows, fanOut, factor, sourceRow + j, wRow + j);
            }

            // As in the forward kernel, only a last partial vector uses the slow masked loads and stores.
            for (; j < fanOut; j += Lanes256)
            {
                AccumulateTile6x8(x + k, fanIn, s + j, rows, fanOut, factor, fanOut - j, sourceRow + j, wRow + j);
            }
        }

        for (; k + 4 <= endRow; k += 4)
        {
            float* wRow = w + ((nint)k * fanOut);
            float* sourceRow = wSource + ((nint)k * fanOut);
            int j = firstColumn;
            for (; j + Columns256 <= fanOut; j += Columns256)
            {
                AccumulateTile4x16(x + k, fanIn, s + j, rows, fanOut, factor, sourceRow + j, wRow + j);
            }

            for (; j < fanOut; j += Lanes256)
            {
                AccumulateTile4x8(x + k, fanIn, s + j, rows, fanOut, factor, fanOut - j, sourceRow + j, wRow + j);
            }
        }

        for (; k < endRow; k++)
        {
            float* wRow = w + ((nint)k * fanOut);
            float* sourceRow = wSource + ((nint)k * fanOut);
            for (int j = firstColumn; j < fanOut; j += Lanes256)
            {
                AccumulateTile1x8(x + k, fanIn, s + j, rows, fanOut, factor, TailMask256(fanOut - j), sourceRow + j, wRow + j);
            }
        }
    }

    /// <summary>
    /// Adds α·Σ_r X[r, i]·S[r, 0..47] to the two weight rows w[i·fanOut ..] for i in 0..1, with 12 accumulators.
    /// The products are summed first and scaled once, so W gets one rounding per step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateTile2x48(float* x, int fanIn, float* s, int rows, int fanOut, Vector256<float> factor, float* wSource, float* w)
    {
        Vector256<float> a00 = default, a01 = default, a02 = default, a03 = default, a04 = default, a05 = default;
        Vector256<float> a10 = default, a11 = default, a12 = default, a13 = default, a14 = default, a15 = default;

        // Fetches the same columns of the next two weight rows, which the next row pair updates.
        nint stride = fanOut;
        float* next = wSource + (2 * stride);
        Sse.Prefetch0(next);
        Sse.Prefetch0(next + Columns256);
        Sse.Prefetch0(next + (2 * Columns256));
        Sse.Prefetch0(next + WideColumns256 - 1);
        next += stride;
        Sse.Prefetch0(next);
        Sse.Prefetch0(next + Columns256);
        Sse.Prefetch0(next + (2 * Columns256));
        Sse.Prefetch0(next + WideColumns256 - 1);

        nint xStride = fanIn;
        float* xRow = x;
        float* xEnd = x + (rows * xStride);
        float* sRow = s;
        for (; xRow < xEnd; xRow += xStride, sRow += stride)
        {
            Vector256<float> x0 = Vector256.Create(xRow[0]);
            Vector256<float> x1 = Vector256.Create(xRow[1]);

            Vector256<float> sj = Vector256.Load(sRow);
            a00 = Fma.MultiplyAdd(x0, sj, a00);
            a10 = Fma.MultiplyAdd(x1, sj, a10);
            sj = Vector256.Load(sRow + Lanes256);
            a01 = Fma.MultiplyAdd(x0, sj, a01);
            a11 = Fma.MultiplyAdd(x1, sj, a11);
            sj = Vector256.Load(sRow + (2 * Lanes256));
            a02 = Fma.MultiplyAdd(x0, sj, a02);
            a12 = Fma.MultiplyAdd(x1, sj, a12);
            sj = Vector256.Load(sRow + (3 * Lanes256));
            a03 = Fma.MultiplyAdd(x0, sj, a03);
            a13 = Fma.MultiplyAdd(x1, sj, a13);
            sj = Vector256.Load(sRow + (4 * Lanes256));
            a04 = Fma.MultiplyAdd(x0, sj, a04);
            a14 = Fma.MultiplyAdd(x1, sj, a14);
            sj = Vector256.Load(sRow + (5 * Lanes256));
            a05 = Fma.MultiplyAdd(x0, sj, a05);
            a15 = Fma.MultiplyAdd(x1, sj, a15);
        }

        AddScaled2(wSource, w, factor, a00, a01);
        AddScaled2(wSource + (2 * Lanes256), w + (2 * Lanes256), factor, a02, a03);
        AddScaled2(wSource + (4 * Lanes256), w + (4 * Lanes256), factor, a04, a05);
        AddScaled2(wSource + stride, w + stride, factor, a10, a11);
        AddScaled2(wSource + stride + (2 * Lanes256), w + stride + (2 * Lanes256), factor, a12, a13);
        AddScaled2(wSource + stride + (4 * Lanes256), w + stride + (4 * Lanes256), factor, a14, a15);
    }

    /// <summary>
    /// Adds α·Σ_r X[r, i]·S[r, 0..15] to the six weight rows w[i·fanOut ..] for i in 0..5, with 12 accumulators,
    /// which keeps both FMA units busy through the 4-cycle FMA latency. The products are summed first and scaled
    /// once, so W gets one rounding per step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateTile6x16(float* x, int fanIn, float* s, int rows, int fanOut, Vector256<float> factor, float* wSource, float* w)
    {
        Vector256<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default;
        Vector256<float> a30 = default, a31 = default, a40 = default, a41 = default, a50 = default, a51 = default;

        // Fetches the same columns of the next six weight rows, which the next row block updates.
        float* next = wSource + (6 * (nint)fanOut);
        for (int i = 0; i < 6; i++, next += fanOut)
        {
            Sse.Prefetch0(next);
            Sse.Prefetch0(next + Columns256 - 1);
        }

        float* xRow = x;
        float* sRow = s;
        for (int r = 0; r < rows; r++, xRow += fanIn, sRow += fanOut)
        {
            Vector256<float> s0 = Vector256.Load(sRow);
            Vector256<float> s1 = Vector256.Load(sRow + Lanes256);

            Vector256<float> xk = Vector256.Create(xRow[0]);
            a00 = Fma.MultiplyAdd(xk, s0, a00);
            a01 = Fma.MultiplyAdd(xk, s1, a01);
            xk = Vector256.Create(xRow[1]);
            a10 = Fma.MultiplyAdd(xk, s0, a10);
            a11 = Fma.MultiplyAdd(xk, s1, a11);
            xk = Vector256.Create(xRow[2]);
            a20 = Fma.MultiplyAdd(xk, s0, a20);
            a21 = Fma.MultiplyAdd(xk, s1, a21);
            xk = Vector256.Create(xRow[3]);
            a30 = Fma.MultiplyAdd(xk, s0, a30);
            a31 = Fma.MultiplyAdd(xk, s1, a31);
            xk = Vector256.Create(xRow[4]);
            a40 = Fma.MultiplyAdd(xk, s0, a40);
            a41 = Fma.MultiplyAdd(xk, s1, a41);
            xk = Vector256.Create(xRow[5]);
            a50 = Fma.MultiplyAdd(xk, s0, a50);
            a51 = Fma.MultiplyAdd(xk, s1, a51);
        }

        nint stride = fanOut;
        AddScaled2(wSource, w, factor, a00, a01);
        AddScaled2(wSource + stride, w + stride, factor, a10, a11);
        AddScaled2(wSource + (2 * stride), w + (2 * stride), factor, a20, a21);
        AddScaled2(wSource + (3 * stride), w + (3 * stride), factor, a30, a31);
        AddScaled2(wSource + (4 * stride), w + (4 * stride), factor, a40, a41);
        AddScaled2(wSource + (5 * stride), w + (5 * stride), factor, a50, a51);
    }

    /// <summary>The six-row weight-update tile for the last 1 to 15 columns, 8 at a time, masked only when fewer than 8 remain.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateTile6x8(float* x, int fanIn, float* s, int rows, int fanOut, Vector256<float> factor, int remaining, float* wSource, float* w)
    {
        bool masked = remaining < Lanes256;
        Vector256<float> mask = TailMask256(remaining);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;

        float* xRow = x;
        float* sRow = s;
        for (int r = 0; r < rows; r++, xRow += fanIn, sRow += fanOut)
        {
            Vector256<float> sj = masked ? Avx.MaskLoad(sRow, mask) : Vector256.Load(sRow);
            a0 = Fma.MultiplyAdd(Vector256.Create(xRow[0]), sj, a0);
            a1 = Fma.MultiplyAdd(Vector256.Create(xRow[1]), sj, a1);
            a2 = Fma.MultiplyAdd(Vector256.Create(xRow[2]), sj, a2);
            a3 = Fma.MultiplyAdd(Vector256.Create(xRow[3]), sj, a3);
            a4 = Fma.MultiplyAdd(Vector256.Create(xRow[4]), sj, a4);
            a5 = Fma.MultiplyAdd(Vector256.Create(xRow[5]), sj, a5);
        }

        nint stride = fanOut;
        AddScaled(wSource, w, factor, masked, mask, a0);
        AddScaled(wSource + stride, w + stride, factor, masked, mask, a1);
        AddScaled(wSource + (2 * stride), w + (2 * stride), factor, masked, mask, a2);
        AddScaled(wSource + (3 * stride), w + (3 * stride), factor, masked, mask, a3);
        AddScaled(wSource + (4 * stride), w + (4 * stride), factor, masked, mask, a4);
        AddScaled(wSource + (5 * stride), w + (5 * stride), factor, masked, mask, a5);
    }

    /// <summary>
    /// Adds α·Σ_r X[r, i]·S[r, 0..15] to the four weight rows w[i·fanOut ..] for i in 0..3. The products are summed
    /// first and scaled once, so W gets one rounding per step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateTile4x16(float* x, int fanIn, float* s, int rows, int fanOut, Vector256<float> factor, float* wSource, float* w)
    {
        Vector256<float> a00 = default, a01 = default, a10 = default, a11 = default;
        Vector256<float> a20 = default, a21 = default, a30 = default, a31 = default;

        float* xRow = x;
        float* sRow = s;
        for (int r = 0; r < rows; r++, xRow += fanIn, sRow += fanOut)
        {
            Vector256<float> s0 = Vector256.Load(sRow);
            Vector256<float> s1 = Vector256.Load(sRow + Lanes256);

            Vector256<float> xk = Vector256.Create(xRow[0]);
            a00 = Fma.MultiplyAdd(xk, s0, a00);
            a01 = Fma.MultiplyAdd(xk, s1, a01);
            xk = Vector256.Create(xRow[1]);
            a10 = Fma.MultiplyAdd(xk, s0, a10);
            a11 = Fma.MultiplyAdd(xk, s1, a11);
            xk = Vector256.Create(xRow[2]);
            a20 = Fma.MultiplyAdd(xk, s0, a20);
            a21 = Fma.MultiplyAdd(xk, s1, a21);
            xk = Vector256.Create(xRow[3]);
            a30 = Fma.MultiplyAdd(xk, s0, a30);
            a31 = Fma.MultiplyAdd(xk, s1, a31);
        }

        nint stride = fanOut;
        AddScaled2(wSource, w, factor, a00, a01);
        AddScaled2(wSource + stride, w + stride, factor, a10, a11);
        AddScaled2(wSource + (2 * stride), w + (2 * stride), factor, a20, a21);
        AddScaled2(wSource + (3 * stride), w + (3 * stride), factor, a30, a31);
    }

    /// <summary>The weight-update tile for the last 1 to 15 columns, 8 at a time, masked only when fewer than 8 remain.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateTile4x8(float* x, int fanIn, float* s, int rows, int fanOut, Vector256<float> factor, int remaining, float* wSource, float* w)
    {
        bool masked = remaining < Lanes256;
        Vector256<float> mask = TailMask256(remaining);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;

        float* xRow = x;
        float* sRow = s;
        for (int r = 0; r < rows; r++, xRow += fanIn, sRow += fanOut)
        {
            Vector256<float> sj = masked ? Avx.MaskLoad(sRow, mask) : Vector256.Load(sRow);
            a0 = Fma.MultiplyAdd(Vector256.Create(xRow[0]), sj, a0);
            a1 = Fma.MultiplyAdd(Vector256.Create(xRow[1]), sj, a1);
            a2 = Fma.MultiplyAdd(Vector256.Create(xRow[2]), sj, a2);
            a3 = Fma.MultiplyAdd(Vector256.Create(xRow[3]), sj, a3);
        }

        nint stride = fanOut;
        AddScaled(wSource, w, factor, masked, mask, a0);
        AddScaled(wSource + stride, w + stride, factor, masked, mask, a1);
        AddScaled(wSource + (2 * stride), w + (2 * stride), factor, masked, mask, a2);
        AddScaled(wSource + (3 * stride), w + (3 * stride), factor, masked, mask, a3);
    }

    /// <summary>
    /// Writes the 8 values at <paramref name="source"/> plus α·<paramref name="sums"/> to <paramref name="destination"/>,
    /// or only the first lanes when masked. Source and destination may be the same address.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaled(float* source, float* destination, Vector256<float> factor, bool masked, Vector256<float> mask, Vector256<float> sums)
    {
        if (masked)
        {
            Avx.MaskStore(destination, mask, Fma.MultiplyAdd(factor, sums, Avx.MaskLoad(source, mask)));
        }
        else
        {
            Fma.MultiplyAdd(factor, sums, Vector256.Load(source)).Store(destination);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateTile1x8(float* x, int fanIn, float* s, int rows, int fanOut, Vector256<float> factor, Vector256<float> mask, float* wSource, float* w)
    {
        Vector256<float> a = default;
        for (int r = 0; r < rows; r++)
        {
            Vector256<float> sj = Avx.MaskLoad(s + ((nint)r * fanOut), mask);
            a = Fma.MultiplyAdd(Vector256.Create(x[(nint)r * fanIn]), sj, a);
        }

        Avx.MaskStore(w, mask, Fma.MultiplyAdd(factor, a, Avx.MaskLoad(wSource, mask)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaled2(float* source, float* destination, Vector256<float> factor, Vector256<float> v0, Vector256<float> v1)
    {
        Fma.MultiplyAdd(factor, v0, Vector256.Load(source)).Store(destination);
        Fma.MultiplyAdd(factor, v1, Vector256.Load(source + Lanes256)).Store(destination + Lanes256);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store2(float* destination, bool relu, Vector256<float> v0, Vector256<float> v1)
    {
        Activate(v0, relu).Store(destination);
        Activate(v1, relu).Store(destination + Lanes256);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Activate(Vector256<float> values, bool relu) => relu ? Vector256.Max(values, Vector256<float>.Zero) : values;

    /// <summary>Returns a mask whose first min(max(<paramref name="remaining"/>, 0), 8) lanes have all bits set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> TailMask256(int remaining) =>
        Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(remaining)).AsSingle();

    /// <summary>The batch rows of a tile from its first row on, with rows past the last one clamped to the last.</summary>
    private readonly struct RowTile(int first, int rows)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public nint Offset(int index, int rowLength) => (nint)Math.Min(first + index, rows - 1) * rowLength;
    }
}
