namespace FedWorkbench.Data.Evaluation;

/// <summary>
/// Figures of one class in an <see cref="EvaluationReport"/>. A figure that is undefined for the class is
/// <see cref="double.NaN"/>, and the report's JSON stores it as null.
/// </summary>
/// <param name="Name">Class name.</param>
/// <param name="Support">Number of samples whose label is this class.</param>
/// <param name="Precision">TP / (TP + FP): the fraction of the samples predicted as this class that belong to it. NaN when no sample is predicted as this class.</param>
/// <param name="Recall">TP / (TP + FN): the fraction of the class's samples predicted as this class. NaN when <paramref name="Support"/> is 0.</param>
/// <param name="F1Score">
/// 2·TP / (2·TP + FP + FN), which equals the harmonic mean of precision and recall where both are defined. NaN only
/// when the class neither occurs nor is predicted.
/// </param>
/// <param name="LogLoss">Mean −ln p(class) over the class's samples, with p clipped as in <see cref="EvaluationReport.LogLoss"/>. NaN when <paramref name="Support"/> is 0.</param>
public sealed record ClassEvaluation(string Name, int Support, double Precision, double Recall, double F1Score, double LogLoss);
