using System.Numerics;
using System.Runtime.InteropServices;

namespace FedWorkbench.Simulation.Training;

/// <summary>
/// One local SGD step with the terms that the fused kernels cannot apply: momentum ρ in the form of PyTorch's
/// <c>torch.optim.SGD</c> with dampening 0 and no Nesterov (η multiplies v, not g as in Sutskever et al. 2013),
/// L2 weight decay λ, the FedProx proximal term μ (Li et al. 2020) and SCAFFOLD's correction c − c_i
/// (Karimireddy et al. 2020).
/// </summary>
/// <param name="LearningRate">Step size η.</param>
/// <param name="Momentum">Momentum ρ; 0 applies d directly and leaves the velocity buffer unused.</param>
/// <param name="WeightDecay">Weight decay λ.</param>
/// <param name="ProximalMu">FedProx μ.</param>
internal readonly record struct SgdUpdate(float LearningRate, float Momentum, float WeightDecay, float ProximalMu)
{
    /// <summary>
    /// Applies d = g + λ·w + μ·(w − w_global), v ← ρ·v + d, w ← w − η·(v + correction) to every parameter.
    /// With ρ = 0 it applies w ← w − η·(d + correction) and does not touch <paramref name="velocity"/>, which may
    /// then be empty.
    /// </summary>
    /// <remarks>
    /// The correction stays out of the velocity, as in NIID-Bench's SCAFFOLD with momentum: inside it, momentum
    /// would multiply the correction by up to 1/(1 − ρ) and local training diverges.
    /// </remarks>
    public void Apply(Span<float> parameters, ReadOnlySpan<float> gradient, Span<float> velocity, ReadOnlySpan<float> globalParameters, ReadOnlySpan<float> correction)
    {
        int length = parameters.Length;
        bool useMomentum = Momentum != 0;
        bool corrected = !correction.IsEmpty;
        int i = 0;

        if (Vector.IsHardwareAccelerated && length >= Vector<float>.Count)
        {
            ReadOnlySpan<Vector<float>> g = MemoryMarshal.Cast<float, Vector<float>>(gradient[..length]);
            ReadOnlySpan<Vector<float>> global = MemoryMarshal.Cast<float, Vector<float>>(globalParameters[..length]);
            Span<Vector<float>> w = MemoryMarshal.Cast<float, Vector<float>>(parameters);
            ReadOnlySpan<Vector<float>> c = corrected ? MemoryMarshal.Cast<float, Vector<float>>(correction[..length]) : default;
            Span<Vector<float>> v = useMomentum ? MemoryMarshal.Cast<float, Vector<float>>(velocity[..length]) : default;
            var decay = new Vector<float>(WeightDecay);
            var mu = new Vector<float>(ProximalMu);
            var rho = new Vector<float>(Momentum);
            var eta = new Vector<float>(LearningRate);

            for (int k = 0; k < w.Length; k++)
            {
                Vector<float> d = g[k] + (decay * w[k]) + (mu * (w[k] - global[k]));
                if (useMomentum)
                {
                    v[k] = (rho * v[k]) + d;
                    d = v[k];
                }

                if (corrected)
                {
                    d += c[k];
                }

                w[k] -= eta * d;
            }

            i = w.Length * Vector<float>.Count;
        }

        for (; i < length; i++)
        {
            float d = gradient[i] + (WeightDecay * parameters[i]) + (ProximalMu * (parameters[i] - globalParameters[i]));
            if (useMomentum)
            {
                velocity[i] = (Momentum * velocity[i]) + d;
                d = velocity[i];
            }

            if (corrected)
            {
                d += correction[i];
            }

            parameters[i] -= LearningRate * d;
        }
    }
}
