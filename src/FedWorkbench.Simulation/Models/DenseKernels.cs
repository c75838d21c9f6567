using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FedWorkbench.Simulation.Models;

/// <summary>
/// Matrix kernels of one dense layer over row-major float32 matrices: the forward product, the input gradient
/// and the fused weight update. Each public method picks the AVX-512 path when the CPU has it and a scalar
/// path otherwise. Both paths give the same values up to float rounding, and each is deterministic.
/// </summary>
/// <remarks>
/// The AVX-512 path is register-blocked. The forward and input-gradient kernels keep a tile of 5 batch rows by
/// 4 vectors of 16 lanes in 20 of the 32 vector registers, so each loaded weight vector feeds five rows. Five
/// divides the common batch sizes 10 and 50 and the evaluation chunk of 250. Column tails use masked loads and
/// stores. When fewer rows (or weight rows) remain than a tile covers, the tile repeats the last one: the
/// repeated lanes compute the same values and store them to the same place, which costs time but not
/// correctness. The weight update keeps a tile of 4 weight rows by 4 vectors and sums over the batch rows.
/// </remarks>
internal static unsafe class DenseKernels
{
    private const int Lanes = 16;
    private const int BlockColumns = 4 * Lanes;
    private const int TileRows = 5;

    /// <summary>True when the AVX-512 kernels run on this CPU.</summary>
    public static bool IsVector512Path { get; } = Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    /// <summary>
    /// Computes Y = X·W + b for X of <paramref name="rows"/> × fanIn, W of fanIn × fanOut and b of fanOut,
    /// writing Y as rows × fanOut.
    /// </summary>
    public static void Forward(float* x, int rows, int fanIn, float* w, float* bias, int fanOut, float* y)
    {
        if (IsVector512Path)
        {
            ForwardVector512(x, rows, fanIn, w, bias, fanOut, y);
        }
        else
        {
            ForwardScalar(x, rows, fanIn, w, bias, fanOut, y);
        }
    }

    /// <summary>
    /// Computes the input gradient dX = G·Wᵀ, that is dX[r, k] = Σ_j G[r, j]·W[k, j], for G of
    /// <paramref name="rows"/> × fanOut and W of fanIn × fanOut, writing dX as rows × fanIn.
    /// </summary>
    public static void BackpropInput(float* g, int rows, int fanOut, float* w, int fanIn, float* dx)
    {
        if (IsVector512Path)
        {
            BackpropInputVector512(g, rows, fanOut, w, fanIn, dx);
        }
        else
        {
            BackpropInputScalar(g, rows, fanOut, w, fanIn, dx);
        }
    }

    /// <summary>
    /// Adds Xᵀ·S to W and the column sums of S to b: W[k, j] += Σ_r X[r, k]·S[r, j] and b[j] += Σ_r S[r, j].
    /// With S = −η·∂L/∂Y this is the SGD step fused into the weight-gradient product, and with S = ∂L/∂Y on
    /// zeroed W and b it writes the gradient itself.
    /// </summary>
    public static void AccumulateWeights(float* x, float* s, int rows, int fanIn, int fanOut, float* w, float* bias)
    {
        if (IsVector512Path)
        {
            AccumulateWeightsVector512(x, s, rows, fanIn, fanOut, w, bias);
        }
        else
        {
            AccumulateWeightsScalar(x, s, rows, fanIn, fanOut, w, bias);
        }
    }

    /// <summary>Span overload of <see cref="Forward(float*, int, int, float*, float*, int, float*)"/> that runs the chosen path.</summary>
    internal static void Forward(
        ReadOnlySpan<float> x, int rows, int fanIn, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, int fanOut, Span<float> y, KernelPath path)
    {
        CheckLengths(x.Length, rows * fanIn, w.Length, fanIn * fanOut, y.Length, rows * fanOut);
        ArgumentOutOfRangeException.ThrowIfLessThan(bias.Length, fanOut, nameof(bias));
        fixed (float* xp = x, wp = w, bp = bias, yp = y)
        {
            if (path == KernelPath.Vector512)
            {
                ForwardVector512(xp, rows, fanIn, wp, bp, fanOut, yp);
            }
            else
            {
                ForwardScalar(xp, rows, fanIn, wp, bp, fanOut, yp);
            }
        }
    }

    /// <summary>Span overload of <see cref="BackpropInput(float*, int, int, float*, int, float*)"/> that runs the chosen path.</summary>
    internal static void BackpropInput(
        ReadOnlySpan<float> g, int rows, int fanOut, ReadOnlySpan<float> w, int fanIn, Span<float> dx, KernelPath path)
    {
        CheckLengths(g.Length, rows * fanOut, w.Length, fanIn * fanOut, dx.Length, rows * fanIn);
        fixed (float* gp = g, wp = w, dp = dx)
        {
            if (path == KernelPath.Vector512)
            {
                BackpropInputVector512(gp, rows, fanOut, wp, fanIn, dp);
            }
            else
            {
                BackpropInputScalar(gp, rows, fanOut, wp, fanIn, dp);
            }
        }
    }

    /// <summary>Span overload of <see cref="AccumulateWeights(float*, float*, int, int, int, float*, float*)"/> that runs the chosen path.</summary>
    internal static void AccumulateWeights(
        ReadOnlySpan<float> x, ReadOnlySpan<float> s, int rows, int fanIn, int fanOut, Span<float> w, Span<float> bias, KernelPath path)
    {
        CheckLengths(x.Length, rows * fanIn, s.Length, rows * fanOut, w.Length, fanIn * fanOut);
        ArgumentOutOfRangeException.ThrowIfLessThan(bias.Length, fanOut, nameof(bias));
        fixed (float* xp = x, sp = s, wp = w, bp = bias)
        {
            if (path == KernelPath.Vector512)
            {
                AccumulateWeightsVector512(xp, sp, rows, fanIn, fanOut, wp, bp);
            }
            else
            {
                AccumulateWeightsScalar(xp, sp, rows, fanIn, fanOut, wp, bp);
            }
        }
    }

    private static void CheckLengths(int firstLength, int firstExpected, int secondLength, int secondExpected, int thirdLength, int thirdExpected)
    {
        if (firstLength < firstExpected || secondLength < secondExpected || thirdLength < thirdExpected)
        {
            throw new ArgumentException(
                $"The buffers hold {firstLength}, {secondLength} and {thirdLength} values; the shape needs at least {firstExpected}, {secondExpected} and {thirdExpected}.");
        }
    }

    internal static void ForwardScalar(float* x, int rows, int fanIn, float* w, float* bias, int fanOut, float* y)
    {
        for (int r = 0; r < rows; r++)
        {
            float* yRow = y + ((nint)r * fanOut);
            float* xRow = x + ((nint)r * fanIn);
            new ReadOnlySpan<float>(bias, fanOut).CopyTo(new Span<float>(yRow, fanOut));
            for (int k = 0; k < fanIn; k++)
            {
                float xValue = xRow[k];
                float* wRow = w + ((nint)k * fanOut);
                for (int j = 0; j < fanOut; j++)
                {
                    yRow[j] += xValue * wRow[j];
                }
            }
        }
    }

    internal static void BackpropInputScalar(float* g, int rows, int fanOut, float* w, int fanIn, float* dx)
    {
        for (int r = 0; r < rows; r++)
        {
            float* gRow = g + ((nint)r * fanOut);
            for (int k = 0; k < fanIn; k++)
            {
                float* wRow = w + ((nint)k * fanOut);
                float sum = 0;
                for (int j = 0; j < fanOut; j++)
                {
                    sum += gRow[j] * wRow[j];
                }

                dx[((nint)r * fanIn) + k] = sum;
            }
        }
    }

    internal static void AccumulateWeightsScalar(float* x, float* s, int rows, int fanIn, int fanOut, float* w, float* bias)
    {
        for (int k = 0; k < fanIn; k++)
        {
            float* wRow = w + ((nint)k * fanOut);
            for (int r = 0; r < rows; r++)
            {
                float xValue = x[((nint)r * fanIn) + k];
                float* sRow = s + ((nint)r * fanOut);
                for (int j = 0; j < fanOut; j++)
                {
                    wRow[j] += xValue * sRow[j];
                }
            }
        }

        for (int r = 0; r < rows; r++)
        {
            float* sRow = s + ((nint)r * fanOut);
            for (int j = 0; j < fanOut; j++)
            {
                bias[j] += sRow[j];
            }
        }
    }

    internal static void ForwardVector512(float* x, int rows, int fanIn, float* w, float* bias, int fanOut, float* y)
    {
        for (int r0 = 0; r0 < rows; r0 += TileRows)
        {
            int last = rows - 1;
            float* x0 = x + ((nint)r0 * fanIn);
            float* x1 = x + ((nint)Math.Min(r0 + 1, last) * fanIn);
            float* x2 = x + ((nint)Math.Min(r0 + 2, last) * fanIn);
            float* x3 = x + ((nint)Math.Min(r0 + 3, last) * fanIn);
            float* x4 = x + ((nint)Math.Min(r0 + 4, last) * fanIn);
            float* y0 = y + ((nint)r0 * fanOut);
            float* y1 = y + ((nint)Math.Min(r0 + 1, last) * fanOut);
            float* y2 = y + ((nint)Math.Min(r0 + 2, last) * fanOut);
            float* y3 = y + ((nint)Math.Min(r0 + 3, last) * fanOut);
            float* y4 = y + ((nint)Math.Min(r0 + 4, last) * fanOut);

            int j = 0;
            for (; j + BlockColumns <= fanOut; j += BlockColumns)
            {
                ForwardTile5x64(x0, x1, x2, x3, x4, fanIn, w + j, bias + j, fanOut, y0 + j, y1 + j, y2 + j, y3 + j, y4 + j);
            }

            for (; j < fanOut; j += Lanes)
            {
                Vector512<float> mask = TailMask(fanOut - j);
                ForwardTile5x16(x0, x1, x2, x3, x4, fanIn, w + j, bias + j, fanOut, mask, y0 + j, y1 + j, y2 + j, y3 + j, y4 + j);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardTile5x64(
        float* x0, float* x1, float* x2, float* x3, float* x4, int fanIn, float* w, float* bias, int fanOut,
        float* y0, float* y1, float* y2, float* y3, float* y4)
    {
        Vector512<float> b0 = Vector512.Load(bias);
        Vector512<float> b1 = Vector512.Load(bias + Lanes);
        Vector512<float> b2 = Vector512.Load(bias + (2 * Lanes));
        Vector512<float> b3 = Vector512.Load(bias + (3 * Lanes));
        Vector512<float> a00 = b0, a01 = b1, a02 = b2, a03 = b3;
        Vector512<float> a10 = b0, a11 = b1, a12 = b2, a13 = b3;
        Vector512<float> a20 = b0, a21 = b1, a22 = b2, a23 = b3;
        Vector512<float> a30 = b0, a31 = b1, a32 = b2, a33 = b3;
        Vector512<float> a40 = b0, a41 = b1, a42 = b2, a43 = b3;

        float* wRow = w;
        for (int k = 0; k < fanIn; k++, wRow += fanOut)
        {
            Vector512<float> w0 = Vector512.Load(wRow);
            Vector512<float> w1 = Vector512.Load(wRow + Lanes);
            Vector512<float> w2 = Vector512.Load(wRow + (2 * Lanes));
            Vector512<float> w3 = Vector512.Load(wRow + (3 * Lanes));

            Vector512<float> xk = Vector512.Create(x0[k]);
            a00 = Vector512.FusedMultiplyAdd(xk, w0, a00);
            a01 = Vector512.FusedMultiplyAdd(xk, w1, a01);
            a02 = Vector512.FusedMultiplyAdd(xk, w2, a02);
            a03 = Vector512.FusedMultiplyAdd(xk, w3, a03);

            xk = Vector512.Create(x1[k]);
            a10 = Vector512.FusedMultiplyAdd(xk, w0, a10);
            a11 = Vector512.FusedMultiplyAdd(xk, w1, a11);
            a12 = Vector512.FusedMultiplyAdd(xk, w2, a12);
            a13 = Vector512.FusedMultiplyAdd(xk, w3, a13);

            xk = Vector512.Create(x2[k]);
            a20 = Vector512.FusedMultiplyAdd(xk, w0, a20);
            a21 = Vector512.FusedMultiplyAdd(xk, w1, a21);
            a22 = Vector512.FusedMultiplyAdd(xk, w2, a22);
            a23 = Vector512.FusedMultiplyAdd(xk, w3, a23);

            xk = Vector512.Create(x3[k]);
            a30 = Vector512.FusedMultiplyAdd(xk, w0, a30);
            a31 = Vector512.FusedMultiplyAdd(xk, w1, a31);
            a32 = Vector512.FusedMultiplyAdd(xk, w2, a32);
            a33 = Vector512.FusedMultiplyAdd(xk, w3, a33);

            xk = Vector512.Create(x4[k]);
            a40 = Vector512.FusedMultiplyAdd(xk, w0, a40);
            a41 = Vector512.FusedMultiplyAdd(xk, w1, a41);
            a42 = Vector512.FusedMultiplyAdd(xk, w2, a42);
            a43 = Vector512.FusedMultiplyAdd(xk, w3, a43);
        }

        Store4(y0, a00, a01, a02, a03);
        Store4(y1, a10, a11, a12, a13);
        Store4(y2, a20, a21, a22, a23);
        Store4(y3, a30, a31, a32, a33);
        Store4(y4, a40, a41, a42, a43);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardTile5x16(
        float* x0, float* x1, float* x2, float* x3, float* x4, int fanIn, float* w, float* bias, int fanOut, Vector512<float> mask,
        float* y0, float* y1, float* y2, float* y3, float* y4)
    {
        Vector512<float> b = Avx512F.MaskLoad(bias, mask, Vector512<float>.Zero);
        Vector512<float> a0 = b, a1 = b, a2 = b, a3 = b, a4 = b;

        float* wRow = w;
        for (int k = 0; k < fanIn; k++, wRow += fanOut)
        {
            Vector512<float> wk = Avx512F.MaskLoad(wRow, mask, Vector512<float>.Zero);
            a0 = Vector512.FusedMultiplyAdd(Vector512.Create(x0[k]), wk, a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.Create(x1[k]), wk, a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.Create(x2[k]), wk, a2);
            a3 = Vector512.FusedMultiplyAdd(Vector512.Create(x3[k]), wk, a3);
            a4 = Vector512.FusedMultiplyAdd(Vector512.Create(x4[k]), wk, a4);
        }

        Avx512F.MaskStore(y0, mask, a0);
        Avx512F.MaskStore(y1, mask, a1);
        Avx512F.MaskStore(y2, mask, a2);
        Avx512F.MaskStore(y3, mask, a3);
        Avx512F.MaskStore(y4, mask, a4);
    }

    internal static void BackpropInputVector512(float* g, int rows, int fanOut, float* w, int fanIn, float* dx)
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

            for (int k0 = 0; k0 < fanIn; k0 += 4)
            {
                int k1 = Math.Min(k0 + 1, fanIn - 1), k2 = Math.Min(k0 + 2, fanIn - 1), k3 = Math.Min(k0 + 3, fanIn - 1);
                BackpropTile5x4(
                    g0, g1, g2, g3, g4, fanOut,
                    w + ((nint)k0 * fanOut), w + ((nint)k1 * fanOut), w + ((nint)k2 * fanOut), w + ((nint)k3 * fanOut),
                    k0, k1, k2, k3, d0, d1, d2, d3, d4);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackpropTile5x4(
        float* g0, float* g1, float* g2, float* g3, float* g4, int fanOut,
        float* w0, float* w1, float* w2, float* w3,
        int k0, int k1, int k2, int k3,
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

        StoreSums(d0, k0, k1, k2, k3, a00, a01, a02, a03);
        StoreSums(d1, k0, k1, k2, k3, a10, a11, a12, a13);
        StoreSums(d2, k0, k1, k2, k3, a20, a21, a22, a23);
        StoreSums(d3, k0, k1, k2, k3, a30, a31, a32, a33);
        StoreSums(d4, k0, k1, k2, k3, a40, a41, a42, a43);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreSums(
        float* row, int k0, int k1, int k2, int k3, Vector512<float> s0, Vector512<float> s1, Vector512<float> s2, Vector512<float> s3)
    {
        row[k0] = Vector512.Sum(s0);
        row[k1] = Vector512.Sum(s1);
        row[k2] = Vector512.Sum(s2);
        row[k3] = Vector512.Sum(s3);
    }

    internal static void AccumulateWeightsVector512(float* x, float* s, int rows, int fanIn, int fanOut, float* w, float* bias)
    {
        // Weight rows cannot repeat like the forward tile's batch rows, because each store adds to W.
        int k = 0;
        for (; k + 4 <= fanIn; k += 4)
        {
            float* wRow = w + ((nint)k * fanOut);
            int j = 0;
            for (; j + BlockColumns <= fanOut; j += BlockColumns)
            {
                AccumulateTile4x64(x + k, fanIn, s + j, rows, fanOut, wRow + j);
            }

            for (; j < fanOut; j += Lanes)
            {
                AccumulateTile4x16(x + k, fanIn, s + j, rows, fanOut, TailMask(fanOut - j), wRow + j);
            }
        }

        for (; k < fanIn; k++)
        {
            float* wRow = w + ((nint)k * fanOut);
            for (int j = 0; j < fanOut; j += Lanes)
            {
                AccumulateTile1x16(x + k, fanIn, s + j, rows, fanOut, TailMask(fanOut - j), wRow + j);
            }
        }

        // The bias is a weight whose input is always 1.
        for (int j = 0; j < fanOut; j += Lanes)
        {
            Vector512<float> mask = TailMask(fanOut - j);
            Vector512<float> sum = Avx512F.MaskLoad(bias + j, mask, Vector512<float>.Zero);
            for (int r = 0; r < rows; r++)
            {
                sum += Avx512F.MaskLoad(s + ((nint)r * fanOut) + j, mask, Vector512<float>.Zero);
            }

            Avx512F.MaskStore(bias + j, mask, sum);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateTile4x64(float* x, int fanIn, float* s, int rows, int fanOut, float* w)
    {
        float* w0 = w, w1 = w + fanOut, w2 = w + (2 * (nint)fanOut), w3 = w + (3 * (nint)fanOut);
        Vector512<float> a00 = Vector512.Load(w0), a01 = Vector512.Load(w0 + Lanes), a02 = Vector512.Load(w0 + (2 * Lanes)), a03 = Vector512.Load(w0 + (3 * Lanes));
        Vector512<float> a10 = Vector512.Load(w1), a11 = Vector512.Load(w1 + Lanes), a12 = Vector512.Load(w1 + (2 * Lanes)), a13 = Vector512.Load(w1 + (3 * Lanes));
        Vector512<float> a20 = Vector512.Load(w2), a21 = Vector512.Load(w2 + Lanes), a22 = Vector512.Load(w2 + (2 * Lanes)), a23 = Vector512.Load(w2 + (3 * Lanes));
        Vector512<float> a30 = Vector512.Load(w3), a31 = Vector512.Load(w3 + Lanes), a32 = Vector512.Load(w3 + (2 * Lanes)), a33 = Vector512.Load(w3 + (3 * Lanes));

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

        Store4(w0, a00, a01, a02, a03);
        Store4(w1, a10, a11, a12, a13);
        Store4(w2, a20, a21, a22, a23);
        Store4(w3, a30, a31, a32, a33);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateTile4x16(float* x, int fanIn, float* s, int rows, int fanOut, Vector512<float> mask, float* w)
    {
        float* w0 = w, w1 = w + fanOut, w2 = w + (2 * (nint)fanOut), w3 = w + (3 * (nint)fanOut);
        Vector512<float> a0 = Avx512F.MaskLoad(w0, mask, Vector512<float>.Zero);
        Vector512<float> a1 = Avx512F.MaskLoad(w1, mask, Vector512<float>.Zero);
        Vector512<float> a2 = Avx512F.MaskLoad(w2, mask, Vector512<float>.Zero);
        Vector512<float> a3 = Avx512F.MaskLoad(w3, mask, Vector512<float>.Zero);

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

        Avx512F.MaskStore(w0, mask, a0);
        Avx512F.MaskStore(w1, mask, a1);
        Avx512F.MaskStore(w2, mask, a2);
        Avx512F.MaskStore(w3, mask, a3);
    }

    private static void AccumulateTile1x16(float* x, int fanIn, float* s, int rows, int fanOut, Vector512<float> mask, float* w)
    {
        Vector512<float> a = Avx512F.MaskLoad(w, mask, Vector512<float>.Zero);
        for (int r = 0; r < rows; r++)
        {
            Vector512<float> sj = Avx512F.MaskLoad(s + ((nint)r * fanOut), mask, Vector512<float>.Zero);
            a = Vector512.FusedMultiplyAdd(Vector512.Create(x[(nint)r * fanIn]), sj, a);
        }

        Avx512F.MaskStore(w, mask, a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store4(float* destination, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3)
    {
        v0.Store(destination);
        v1.Store(destination + Lanes);
        v2.Store(destination + (2 * Lanes));
        v3.Store(destination + (3 * Lanes));
    }

    /// <summary>Returns a mask whose first min(<paramref name="remaining"/>, 16) lanes have all bits set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> TailMask(int remaining) =>
        Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(remaining)).AsSingle();
}

/// <summary>Implementation of the dense-layer kernels.</summary>
internal enum KernelPath
{
    /// <summary>Plain loops that run on any CPU.</summary>
    Scalar,

    /// <summary>Register-blocked AVX-512 code; needs <see cref="DenseKernels.IsVector512Path"/>.</summary>
    Vector512,
}
