namespace FedWorkbench.Web.Boards.Templates;

/// <summary>
/// Discharge outcomes across a hospital network, trained on the shipped sample CSV with one client per hospital:
/// the template for a team that brings its own table.
/// </summary>
internal static class HospitalDischargesTemplate
{
    /// <summary>SHA-256 of wwwroot/samples/hospital-discharges.csv; a test checks it against the file.</summary>
    public const string SampleTableId = "5afcfc487428cff4843f36ca31c78ef9ad341f3c5bf929ea3c383ee119b71a84";

    public static BoardTemplate Create()
    {
        BoardDocument document = new TemplateBuilder()
            .Note(TemplateFrame.Requirements, "Which decision should the prediction support at discharge: a follow-up call, a care-home place, a longer stay?")
            .Note(TemplateFrame.Requirements, "A readmission missed costs more than a call made in vain. Which per-class recall must the model reach?")
            .Note(TemplateFrame.Requirements, "Who may use the joint model, and may a hospital compare itself with the others?")
            .Note(TemplateFrame.Data, "Sample CSV: 2,400 synthetic stays at 5 hospitals (no real patient). The hospital column is the owner, so each hospital is one client.")
            .Note(TemplateFrame.Data, "Select the data source to choose your own CSV file, its label and its owner column. Missing cells are allowed.")
            .Note(TemplateFrame.Data, "The hospitals differ in size (150 to 900 stays) and case mix. The run page, linked under the run's charts, shows the partition.")
            .Note(TemplateFrame.Training, "All 5 hospitals join every round. Should North General, with 6 times Valley Community's stays, weigh 6 times as much?")
            .Note(TemplateFrame.Training, "On the run page, Edit as new experiment and add centralized baselines: how far is federated training from pooled data?")
            .Note(TemplateFrame.Training, "Does a wider hidden layer or more local epochs help the small hospitals, or only the large ones?")
            .Note(TemplateFrame.Deployment, "Download the final model as ONNX from the run page. Where would it score patients: in the hospital's own systems?")
            .Note(TemplateFrame.Deployment, "Each hospital normalizes its numbers with statistics from all training rows here. How would a real network agree on them?")
            .Note(TemplateFrame.Monitoring, "The run page, linked under the run's charts, shows the confusion matrix. Which outcome does the model confuse most, and at what cost?")
            .Note(TemplateFrame.Monitoring, "How would you notice that one hospital changed how it codes admission types?")
            .Note(TemplateFrame.PrivacyAndSecurity, "Secure aggregation hides each hospital's update from the server. Who runs the server, and do the hospitals trust it?")
            .Note(TemplateFrame.PrivacyAndSecurity, "With 5 clients, would central DP noise still leave a useful model? Add a DP element and compare the accuracy.")
            .Element(TemplateFrame.Data, 0, 0, BoardElementTypes.DataSource, "data", "Discharge records (sample CSV)", new
            {
                // Wide enough that the caption keeps "hospital-discharges.csv" whole on its first line.
                w = 230.0,
                dataset = "table",
                table = new
                {
                    id = SampleTableId,
                    fileName = "hospital-discharges.csv",
                    labelColumn = "discharge_outcome",
                    ownerColumn = "hospital",
                    testFraction = 0.2,
                },
            })
            .Element(TemplateFrame.Data, 1, 0, BoardElementTypes.ClientGroup, "grp-hospitals", "Hospitals", new
            {
                count = 5,
                partition = "natural",
                computeSpeedMedian = 5000.0,
                bandwidthMedianMbps = 100.0,
            })
            .Element(TemplateFrame.Training, 1, 0, BoardElementTypes.Server, "srv", "Network server", new
            {
                strategy = "fedavg",
                rounds = 20,
                clientFraction = 1.0,
                localEpochs = 1,
                batchSize = 20,
                learningRate = 0.05,
            })
            .Element(TemplateFrame.Training, 0, 1, BoardElementTypes.Model, "model", "Outcome classifier (MLP)", new { model = "mlp", hiddenLayers = new[] { 32 } })
            .Element(TemplateFrame.PrivacyAndSecurity, 0, 0, BoardElementTypes.Privacy, "secagg", "Secure aggregation", new
            {
                mechanism = BoardSchema.SecureAggregationMechanism,
            })
            .Connect("grp-hospitals", "srv")
            .Connect("data", "grp-hospitals")
            .Connect("model", "srv")
            .Connect("secagg", "srv")
            .Build("Discharge outcomes across hospitals (sample CSV)");

        return new BoardTemplate("hospital-discharges", "Discharge outcomes across hospitals (your CSV)",
            "Your own data: the sample CSV of 5 hospitals, one client per hospital, secure aggregation. Swap in your CSV file on the data source.",
            document);
    }
}
