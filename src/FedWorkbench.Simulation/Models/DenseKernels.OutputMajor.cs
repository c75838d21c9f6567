using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FedWorkbench.Simulation.Models;

/// <summary>
/// The kernels of layers whose weights are stored output-major (<see cref="ModelLayout.IsOutputMajor"/>): W is
/// fanOut rows of fanIn values, so weight (k, j) is at wT[j·fanIn + k], as in PyTorch's <c>nn.Linear.weight</c>.
/// </summary>
/// <remarks>
/// A layer with few outputs, such as softmax regression's 10 classes, fills only part of a vector with one weight
/// row of the input-major layout, and its tiles have too few independent FMA chains to hide their latency. In the
/// output-major layout every product runs along the inputs instead, so every lane does useful work. The forward
/// pass computes dot products of input rows and weight rows, the input gradient sums weight rows, and the update
/// adds to each weight row. The AVX-512 path runs these AVX2 kernels too, because every CPU with AVX-512 has AVX2
/// and FMA.
/// </remarks>
internal static unsafe partial class DenseKernels
{
    /// <summary>Outputs per tile of the output-major forward and update kernels.</summary>
    private const int OutputTile = 5;

    /// <summary>
    /// Computes Y = X·W + b for an output-major W (wT[j·fanIn + k] = W[k, j]), or ReLU(X·W + b) when
    /// <paramref name="relu"/> is true. Shapes as in <see cref="Forward(float*, int, int, float*, float*, int, bool, float*)"/>.
    /// </summary>
    public static void ForwardOutputMajor(float* x, int rows, int fanIn, float* wT, float* bias, int fanOut, bool relu, float* y) =>
        ForwardOutputMajor(x, rows, fanIn, wT, bias, fanOut, relu, y, KernelSelection.ActivePath);

    /// <summary>
    /// Computes dX[r, k] = Σ_j G[r, j]·W[k, j] for an output-major W, gated by <paramref name="reluOutput"/> as
    /// in <see cref="BackpropInput(float*, int, int, float*, int, float*, float*)"/>.
    /// </summary>
    public static void BackpropInputOutputMajor(float* g, int rows, int fanOut, float* wT, int fanIn, float* reluOutput, float* dx) =>
        BackpropInputOutputMajor(g, rows, fanOut, wT, fanIn, reluOutput, dx, KernelSelection.ActivePath);

    /// <summary>
    /// Writes W_source + α·Xᵀ·S to W and b_source + α times the column sums of S to b for an output-major W, as
    /// <see cref="AccumulateWeights(float*, float*, int, int, int, float, float*, float*, float*, float*)"/> does for
    /// the input-major one, with the same rules for sources and destinations.
    /// </summary>
    public static void AccumulateWeightsOutputMajor(
        float* x, float* s, int rows, int fanIn, int fanOut, float scale, float* wTSource, float* biasSource, float* wT, float* bias) =>
        AccumulateWeightsOutputMajor(x, s, rows, fanIn, fanOut, scale, wTSource, biasSource, wT, bias, KernelSelection.ActivePath);

    private static void ForwardOutputMajor(float* x, int rows, int fanIn, float* wT, float* bias, int fanOut, bool relu, float* y, KernelPath path)
    {
        if (path == KernelPath.Portable)
        {
            ForwardOutputMajorPortable(x, rows, fanIn, wT, bias, fanOut, relu, y);
        }
        else
        {
            ForwardOutputMajor256(x, rows, fanIn, wT, bias, fanOut, relu, y);
        }
    }

    private static void BackpropInputOutputMajor(float* g, int rows, int fanOut, float* wT, int fanIn, float* reluOutput, float* dx, KernelPath path)
    {
        if (path == KernelPath.Portable)
        {
            BackpropInputOutputMajorPortable(g, rows, fanOut, wT, fanIn, reluOutput, dx);
        }
        else
        {
            BackpropInputOutputMajor256(g, rows, fanOut, wT, fanIn, reluOutput, dx);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateWeightsOutputMajor(
        float* x, float* s, int rows, int fanIn, int fanOut, float scale, float* wTSource, float* biasSource, float* wT, float* bias, KernelPath path)
    {
        if (path == KernelPath.Portable)
        {
            AccumulateWeightsOutputMajorPortable(x, s, rows, fanIn, fanOut, scale, wTSource, biasSource, wT, bias);
        }
        else
        {
            AccumulateWeightsOutputMajor256(x, s, rows, fanIn, fanOut, scale, wTSource, biasSource, wT, bias);
        }

        for (int j = 0; j < fanOut; j++)
        {
            float sum = 0;
            for (int r = 0; r < rows; r++)
            {
                sum += s[((nint)r * fanOut) + j];
            }

            bias[j] = biasSource[j] + (scale * sum);
        }
    }

    // The forward tile covers 2 batch rows by 5 outputs: 10 accumulators, and per 8 inputs 2 loads of X and 5 of
    // W for 10 FMAs. The rows are the outer loop, so each pair of input rows comes from memory once and stays in
    // L1 for every output tile, while W (fewer than 16 rows) stays in L1 or L2. The last tile of a layer whose
    // output count is not a multiple of 5 points its missing weight rows at the last real one and stores only the
    // real outputs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardOutputMajor256(float* x, int rows, int fanIn, float* wT, float* bias, int fanOut, bool relu, float* y)
    {
        for (int r0 = 0; r0 < rows; r0 += 2)
        {
            // With an odd row count the last tile computes the last row twice and stores the same values twice.
            int r1 = Math.Min(r0 + 1, rows - 1);
            float* x0 = x + ((nint)r0 * fanIn);
            float* x1 = x + ((nint)r1 * fanIn);
            for (int j0 = 0; j0 < fanOut; j0 += OutputTile)
            {
                int columns = Math.Min(OutputTile, fanOut - j0);
                float* w0 = wT + ((nint)j0 * fanIn);
                ForwardTile2x5OutputMajor(
                    x0, x1, fanIn, w0, WeightRow(w0, fanIn, 1, columns), WeightRow(w0, fanIn, 2, columns), WeightRow(w0, fanIn, 3, columns),
                    WeightRow(w0, fanIn, 4, columns), bias + j0, columns, relu, y + ((nint)r0 * fanOut) + j0, y + ((nint)r1 * fanOut) + j0);
            }
        }
    }

    /// <summary>Returns weight row <paramref name="index"/> after <paramref name="first"/>, or the last of <paramref name="count"/> rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float* WeightRow(float* first, int fanIn, int index, int count) => first + ((nint)Math.Min(index, count - 1) * fanIn);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ForwardTile2x5OutputMajor(
        float* x0, float* x1, int fanIn, float* w0, float* w1, float* w2, float* w3, float* w4, float* bias, int columns, bool relu, float* y0, float* y1)
    {
        Vector256<float> a00 = default, a01 = default, a02 = default, a03 = default, a04 = default;
        Vector256<float> a10 = default, a11 = default, a12 = default, a13 = default, a14 = default;
        int k = 0;
        for (; k + Lanes256 <= fanIn; k += Lanes256)
        {
            Vector256<float> u = Vector256.Load(x0 + k);
            Vector256<float> v = Vector256.Load(x1 + k);
            Vector256<float> wk = Vector256.Load(w0 + k);
            a00 = Fma.MultiplyAdd(u, wk, a00);
            a10 = Fma.MultiplyAdd(v, wk, a10);
            wk = Vector256.Load(w1 + k);
            a01 = Fma.MultiplyAdd(u, wk, a01);
            a11 = Fma.MultiplyAdd(v, wk, a11);
            wk = Vector256.Load(w2 + k);
            a02 = Fma.MultiplyAdd(u, wk, a02);
            a12 = Fma.MultiplyAdd(v, wk, a12);
            wk = Vector256.Load(w3 + k);
            a03 = Fma.MultiplyAdd(u, wk, a03);
            a13 = Fma.MultiplyAdd(v, wk, a13);
            wk = Vector256.Load(w4 + k);
            a04 = Fma.MultiplyAdd(u, wk, a04);
            a14 = Fma.MultiplyAdd(v, wk, a14);
        }

        if (k < fanIn)
        {
            Vector256<float> mask = TailMask256(fanIn - k);
            Vector256<float> u = Avx.MaskLoad(x0 + k, mask);
            Vector256<float> v = Avx.MaskLoad(x1 + k, mask);
            Vector256<float> wk = Avx.MaskLoad(w0 + k, mask);
            a00 = Fma.MultiplyAdd(u, wk, a00);
            a10 = Fma.MultiplyAdd(v, wk, a10);
            wk = Avx.MaskLoad(w1 + k, mask);
            a01 = Fma.MultiplyAdd(u, wk, a01);
            a11 = Fma.MultiplyAdd(v, wk, a11);
            wk = Avx.MaskLoad(w2 + k, mask);
            a02 = Fma.MultiplyAdd(u, wk, a02);
            a12 = Fma.MultiplyAdd(v, wk, a12);
            wk = Avx.MaskLoad(w3 + k, mask);
            a03 = Fma.MultiplyAdd(u, wk, a03);
            a13 = Fma.MultiplyAdd(v, wk, a13);
            wk = Avx.MaskLoad(w4 + k, mask);
            a04 = Fma.MultiplyAdd(u, wk, a04);
            a14 = Fma.MultiplyAdd(v, wk, a14);
        }

        StoreOutputs(y0, bias, columns, relu, SumEach(a00, a01, a02, a03), Vector256.Sum(a04));
        StoreOutputs(y1, bias, columns, relu, SumEach(a10, a11, a12, a13), Vector256.Sum(a14));
    }

    /// <summary>Writes the first <paramref name="columns"/> of five dot products plus their biases, with ReLU when set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreOutputs(float* y, float* bias, int columns, bool relu, Vector128<float> firstFour, float fifth)
    {
        for (int j = 0; j < columns; j++)
        {
            float value = (j < 4 ? firstFour.GetElement(j) : fifth) + bias[j];
            y[j] = relu ? MathF.Max(value, 0f) : value;
        }
    }

    // The input-gradient tile covers 2 batch rows by 4 vectors (32 inputs) and sums over the outputs: per output,
    // 2 broadcasts of G and 4 loads of a weight row for 8 FMAs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackpropInputOutputMajor256(float* g, int rows, int fanOut, float* wT, int fanIn, float* reluOutput, float* dx)
    {
        for (int r0 = 0; r0 < rows; r0 += 2)
        {
            int r1 = Math.Min(r0 + 1, rows - 1);
            float* g0 = g + ((nint)r0 * fanOut);
            float* g1 = g + ((nint)r1 * fanOut);
            nint row0 = (nint)r0 * fanIn;
            nint row1 = (nint)r1 * fanIn;
            int k = 0;
            for (; k + (4 * Lanes256) <= fanIn; k += 4 * Lanes256)
            {
                Vector256<float> a00 = default, a01 = default, a02 = default, a03 = default;
                Vector256<float> a10 = default, a11 = default, a12 = default, a13 = default;
                float* wColumn = wT + k;
                for (int j = 0; j < fanOut; j++, wColumn += fanIn)
                {
                    Vector256<float> b0 = Vector256.Create(g0[j]);
                    Vector256<float> b1 = Vector256.Create(g1[j]);
                    Vector256<float> wk = Vector256.Load(wColumn);
                    a00 = Fma.MultiplyAdd(b0, wk, a00);
                    a10 = Fma.MultiplyAdd(b1, wk, a10);
                    wk = Vector256.Load(wColumn + Lanes256);
                    a01 = Fma.MultiplyAdd(b0, wk, a01);
                    a11 = Fma.MultiplyAdd(b1, wk, a11);
                    wk = Vector256.Load(wColumn + (2 * Lanes256));
                    a02 = Fma.MultiplyAdd(b0, wk, a02);
                    a12 = Fma.MultiplyAdd(b1, wk, a12);
                    wk = Vector256.Load(wColumn + (3 * Lanes256));
                    a03 = Fma.MultiplyAdd(b0, wk, a03);
                    a13 = Fma.MultiplyAdd(b1, wk, a13);
                }

                StoreGated(dx + row0 + k, reluOutput, row0 + k, a00, a01, a02, a03);
                StoreGated(dx + row1 + k, reluOutput, row1 + k, a10, a11, a12, a13);
            }

            for (; k < fanIn; k += Lanes256)
            {
                Vector256<float> mask = TailMask256(fanIn - k);
                bool masked = fanIn - k < Lanes256;
                Vector256<float> a0 = default, a1 = default;
                float* wColumn = wT + k;
                for (int j = 0; j < fanOut; j++, wColumn += fanIn)
                {
                    Vector256<float> wk = masked ? Avx.MaskLoad(wColumn, mask) : Vector256.Load(wColumn);
                    a0 = Fma.MultiplyAdd(Vector256.Create(g0[j]), wk, a0);
                    a1 = Fma.MultiplyAdd(Vector256.Create(g1[j]), wk, a1);
                }

                StoreGatedTail(dx + row0 + k, reluOutput, row0 + k, a0, masked, mask);
                StoreGatedTail(dx + row1 + k, reluOutput, row1 + k, a1, masked, mask);
            }
        }
    }

    /// <summary>Stores four vectors of input gradients, zeroed where the ReLU output at the same index is not positive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreGated(
        float* destination, float* reluOutput, nint index, Vector256<float> v0, Vector256<float> v1, Vector256<float> v2, Vector256<float> v3)
    {
        if (reluOutput != null)
        {
            float* gate = reluOutput + index;
            v0 = Vector256.ConditionalSelect(Vector256.GreaterThan(Vector256.Load(gate), Vector256<float>.Zero), v0, Vector256<float>.Zero);
            v1 = Vector256.ConditionalSelect(Vector256.GreaterThan(Vector256.Load(gate + Lanes256), Vector256<float>.Zero), v1, Vector256<float>.Zero);
            v2 = Vector256.ConditionalSelect(Vector256.GreaterThan(Vector256.Load(gate + (2 * Lanes256)), Vector256<float>.Zero), v2, Vector256<float>.Zero);
            v3 = Vector256.ConditionalSelect(Vector256.GreaterThan(Vector256.Load(gate + (3 * Lanes256)), Vector256<float>.Zero), v3, Vector256<float>.Zero);
        }

        v0.Store(destination);
        v1.Store(destination + Lanes256);
        v2.Store(destination + (2 * Lanes256));
        v3.Store(destination + (3 * Lanes256));
    }

    /// <summary>Stores one vector of input gradients, or its masked lanes, gated like <see cref="StoreGated"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreGatedTail(float* destination, float* reluOutput, nint index, Vector256<float> value, bool masked, Vector256<float> mask)
    {
        if (reluOutput != null)
        {
            Vector256<float> gate = masked ? Avx.MaskLoad(reluOutput + index, mask) : Vector256.Load(reluOutput + index);
            value = Vector256.ConditionalSelect(Vector256.GreaterThan(gate, Vector256<float>.Zero), value, Vector256<float>.Zero);
        }

        if (masked)
        {
            Avx.MaskStore(destination, mask, value);
        }
        else
        {
            value.Store(destination);
        }
    }

    // The update tile covers 5 outputs by 2 vectors (16 inputs) and sums over the batch rows: per row, 5
    // broadcasts of S and 2 loads of X for 10 FMAs. Inputs after the last 16-wide block, and the outputs of a
    // last tile with fewer than 5, run one output and one vector at a time.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateWeightsOutputMajor256(
        float* x, float* s, int rows, int fanIn, int fanOut, float scale, float* wTSource, float* biasSource, float* wT, float* bias)
    {
        Vector256<float> factor = Vector256.Create(scale);
        int wholeBlocks = fanIn / (2 * Lanes256) * (2 * Lanes256);
        int j0 = 0;
        for (; j0 + OutputTile <= fanOut; j0 += OutputTile)
        {
            for (int k = 0; k < wholeBlocks; k += 2 * Lanes256)
            {
                UpdateTile5x16OutputMajor(x, s, rows, fanIn, fanOut, j0, k, factor, wTSource, wT);
            }

            for (int j = j0; j < j0 + OutputTile; j++)
            {
                UpdateOutputRow(x, s, rows, fanIn, fanOut, j, wholeBlocks, factor, wTSource, wT);
            }
        }

        for (int j = j0; j < fanOut; j++)
        {
            UpdateOutputRow(x, s, rows, fanIn, fanOut, j, 0, factor, wTSource, wT);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UpdateTile5x16OutputMajor(
        float* x, float* s, int rows, int fanIn, int fanOut, int j0, int k, Vector256<float> factor, float* wTSource, float* wT)
    {
        Vector256<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default;
        Vector256<float> a21 = default, a30 = default, a31 = default, a40 = default, a41 = default;
        float* xRow = x + k;
        float* sRow = s + j0;
        for (int r = 0; r < rows; r++, xRow += fanIn, sRow += fanOut)
        {
            Vector256<float> u0 = Vector256.Load(xRow);
            Vector256<float> u1 = Vector256.Load(xRow + Lanes256);
            Vector256<float> b = Vector256.Create(sRow[0]);
            a00 = Fma.MultiplyAdd(b, u0, a00);
            a01 = Fma.MultiplyAdd(b, u1, a01);
            b = Vector256.Create(sRow[1]);
            a10 = Fma.MultiplyAdd(b, u0, a10);
            a11 = Fma.MultiplyAdd(b, u1, a11);
            b = Vector256.Create(sRow[2]);
            a20 = Fma.MultiplyAdd(b, u0, a20);
            a21 = Fma.MultiplyAdd(b, u1, a21);
            b = Vector256.Create(sRow[3]);
            a30 = Fma.MultiplyAdd(b, u0, a30);
            a31 = Fma.MultiplyAdd(b, u1, a31);
            b = Vector256.Create(sRow[4]);
            a40 = Fma.MultiplyAdd(b, u0, a40);
            a41 = Fma.MultiplyAdd(b, u1, a41);
        }

        nint offset = ((nint)j0 * fanIn) + k;
        AddScaled2(wTSource + offset, wT + offset, factor, a00, a01);
        offset += fanIn;
        AddScaled2(wTSource + offset, wT + offset, factor, a10, a11);
        offset += fanIn;
        AddScaled2(wTSource + offset, wT + offset, factor, a20, a21);
        offset += fanIn;
        AddScaled2(wTSource + offset, wT + offset, factor, a30, a31);
        offset += fanIn;
        AddScaled2(wTSource + offset, wT + offset, factor, a40, a41);
    }

    /// <summary>Updates weight row <paramref name="j"/> from input <paramref name="start"/> to the end, one vector at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UpdateOutputRow(
        float* x, float* s, int rows, int fanIn, int fanOut, int j, int start, Vector256<float> factor, float* wTSource, float* wT)
    {
        nint rowOffset = (nint)j * fanIn;
        for (int k = start; k < fanIn; k += Lanes256)
        {
            bool masked = fanIn - k < Lanes256;
            Vector256<float> mask = TailMask256(fanIn - k);
            Vector256<float> a = default;
            for (int r = 0; r < rows; r++)
            {
                float* xRow = x + ((nint)r * fanIn) + k;
                Vector256<float> u = masked ? Avx.MaskLoad(xRow, mask) : Vector256.Load(xRow);
                a = Fma.MultiplyAdd(Vector256.Create(s[((nint)r * fanOut) + j]), u, a);
            }

            float* source = wTSource + rowOffset + k;
            float* destination = wT + rowOffset + k;
            if (masked)
            {
                Avx.MaskStore(destination, mask, Fma.MultiplyAdd(factor, a, Avx.MaskLoad(source, mask)));
            }
            else
            {
                Fma.MultiplyAdd(factor, a, Vector256.Load(source)).Store(destination);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardOutputMajorPortable(float* x, int rows, int fanIn, float* wT, float* bias, int fanOut, bool relu, float* y)
    {
        for (int r = 0; r < rows; r++)
        {
            float* xRow = x + ((nint)r * fanIn);
            float* yRow = y + ((nint)r * fanOut);
            for (int j = 0; j < fanOut; j++)
            {
                float value = bias[j] + Dot(xRow, wT + ((nint)j * fanIn), fanIn);
                yRow[j] = relu ? MathF.Max(value, 0f) : value;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackpropInputOutputMajorPortable(float* g, int rows, int fanOut, float* wT, int fanIn, float* reluOutput, float* dx)
    {
        for (int r = 0; r < rows; r++)
        {
            float* dxRow = dx + ((nint)r * fanIn);
            new Span<float>(dxRow, fanIn).Clear();
            for (int j = 0; j < fanOut; j++)
            {
                MultiplyAdd(g[((nint)r * fanOut) + j], wT + ((nint)j * fanIn), dxRow, dxRow, fanIn);
            }

            if (reluOutput != null)
            {
                float* gate = reluOutput + ((nint)r * fanIn);
                for (int k = 0; k < fanIn; k++)
                {
                    dxRow[k] = gate[k] > 0f ? dxRow[k] : 0f;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateWeightsOutputMajorPortable(
        float* x, float* s, int rows, int fanIn, int fanOut, float scale, float* wTSource, float* biasSource, float* wT, float* bias)
    {
        for (int j = 0; j < fanOut; j++)
        {
            float* wRow = wT + ((nint)j * fanIn);
            float* sourceRow = wTSource + ((nint)j * fanIn);
            if (rows == 0)
            {
                new ReadOnlySpan<float>(sourceRow, fanIn).CopyTo(new Span<float>(wRow, fanIn));
                continue;
            }

            // The first batch row reads the source row, and the others add to the destination row it wrote.
            MultiplyAdd(s[j] * scale, x, sourceRow, wRow, fanIn);
            for (int r = 1; r < rows; r++)
            {
                MultiplyAdd(s[((nint)r * fanOut) + j] * scale, x + ((nint)r * fanIn), wRow, wRow, fanIn);
            }
        }
    }
}
