using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Simulation.Tests.Training;

public sealed class SgdUpdateTests
{
    // 19 parameters fill whole Vector<float> blocks and leave a scalar tail, so both loops run.
    private const int Length = 19;

    [Fact]
    public void Apply_CorrectionOutsideMomentum()
    {
        // Arrange: two steps with a fixed gradient g, so the expected values follow from the formula by hand:
        // v1 = d, w1 = w0 − η·(v1 + c); v2 = ρ·v1 + d2, w2 = w1 − η·(v2 + c), where d = g + λ·w + μ·(w − w_global).
        const float eta = 0.1f, rho = 0.9f, lambda = 0.01f, mu = 0.5f;
        var update = new SgdUpdate(eta, rho, lambda, mu);
        float[] parameters = Enumerable.Range(0, Length).Select(i => 0.1f * i).ToArray();
        float[] global = Enumerable.Range(0, Length).Select(i => 0.05f * i).ToArray();
        float[] gradient = Enumerable.Range(0, Length).Select(i => 1f - (0.1f * i)).ToArray();
        float[] correction = Enumerable.Range(0, Length).Select(i => 0.2f * ((i % 3) - 1)).ToArray();
        float[] velocity = new float[Length];

        double[] expected = new double[Length];
        for (int i = 0; i < Length; i++)
        {
            double w = parameters[i];
            double v = 0;
            for (int step = 0; step < 2; step++)
            {
                double d = gradient[i] + (lambda * w) + (mu * (w - global[i]));
                v = (rho * v) + d;
                w -= eta * (v + correction[i]);
            }

            expected[i] = w;
        }

        // Act
        update.Apply(parameters, gradient, velocity, global, correction);
        update.Apply(parameters, gradient, velocity, global, correction);

        // Assert: float32 arithmetic over two steps stays within 1e-5 of the float64 formula.
        for (int i = 0; i < Length; i++)
        {
            Assert.Equal(expected[i], parameters[i], 1e-5);
        }
    }

    [Fact]
    public void Apply_WithoutMomentum_LeavesVelocityEmpty()
    {
        // Arrange: ρ = 0 applies w ← w − η·(g + c) and needs no velocity buffer.
        var update = new SgdUpdate(LearningRate: 0.5f, Momentum: 0, WeightDecay: 0, ProximalMu: 0);
        float[] parameters = new float[Length];
        float[] gradient = Enumerable.Repeat(2f, Length).ToArray();
        float[] correction = Enumerable.Repeat(-1f, Length).ToArray();

        // Act
        update.Apply(parameters, gradient, [], new float[Length], correction);

        // Assert: −0.5·(2 − 1) = −0.5 exactly in float32.
        Assert.All(parameters, value => Assert.Equal(-0.5f, value));
    }
}
