namespace FedWorkbench.Web.Boards.Templates;

/// <summary>Medical imaging across hospitals: cross-silo training with few large clients of different sizes.</summary>
internal static class HospitalsTemplate
{
    public static BoardTemplate Create()
    {
        BoardDocument document = new TemplateBuilder()
            .Note(TemplateFrame.Requirements, "Which diagnostic task, and what sensitivity and specificity must the model reach before a clinician sees it?")
            .Note(TemplateFrame.Requirements, "Who owns the joint model, and which hospital may use it for what? Who signs the data-use agreement?")
            .Note(TemplateFrame.Requirements, "Must the model do well at every hospital, or only on average? Small hospitals may be the ones that need it most.")
            .Note(TemplateFrame.Data, "Data stand-in: Fashion-MNIST images play the scans here, so the run shows the effect of the split, not diagnostic quality.")
            .Note(TemplateFrame.Data, "University hospitals see rarer, harder cases than community hospitals. How much label skew does that make?")
            .Note(TemplateFrame.Data, "Different scanners and protocols shift the images. How do you harmonise them without moving them?")
            .Note(TemplateFrame.Data, "Who labels the scans, and how do you check that two hospitals label the same finding the same way?")
            .Note(TemplateFrame.Training, "With 8 hospitals every one joins every round. Should a hospital with 5 times the data weigh 5 times as much?")
            .Note(TemplateFrame.Training, "How many local epochs can you afford before the large hospitals drift towards their own case mix?")
            .Note(TemplateFrame.Training, "Would FedProx or a personalised layer per hospital help the community hospitals?")
            .Note(TemplateFrame.Deployment, "Where does training run inside each hospital: a GPU box behind the firewall? Who patches it?")
            .Note(TemplateFrame.Deployment, "How is the model certified as a medical device, and what changes need a new certification?")
            .Note(TemplateFrame.Monitoring, "How do you measure accuracy per hospital when test data cannot leave it? Look at per-client accuracy in the run.")
            .Note(TemplateFrame.Monitoring, "How do you notice that one hospital's scanner upgrade broke its data?")
            .Note(TemplateFrame.PrivacyAndSecurity, "Central DP with noise 0.1 keeps accuracy but reports ε above 1,000 after 20 rounds: 8 hospitals, all in every round, give no sampling to hide in. Which ε would the ethics board accept?")
            .Note(TemplateFrame.PrivacyAndSecurity, "Secure aggregation cannot be combined with central DP here: switch the DP element to client DP and add a secure aggregation element to compare.")
            .Note(TemplateFrame.PrivacyAndSecurity, "Can a curious hospital learn about another's patients from the global model? Which attacks worry you?")
            .Element(TemplateFrame.Data, 0, 0, BoardElementTypes.DataSource, "data", "Scans (stand-in: Fashion-MNIST)", new { dataset = "fashion-mnist" })
            .Element(TemplateFrame.Data, 1, 0, BoardElementTypes.ClientGroup, "grp-university", "University hospitals", new
            {
                count = 3,
                dataShare = 0.3,
                partition = "dirichlet",
                dirichletAlpha = 0.5,
                computeSpeedMedian = 5000.0,
                bandwidthMedianMbps = 100.0,
            })
            .Element(TemplateFrame.Data, 1, 1, BoardElementTypes.ClientGroup, "grp-community", "Community hospitals", new
            {
                count = 5,
                dataShare = 0.1,
                partition = "classes",
                classesPerClient = 4,
                computeSpeedMedian = 1000.0,
                bandwidthMedianMbps = 20.0,
            })
            .Element(TemplateFrame.Training, 1, 0, BoardElementTypes.Server, "srv", "Consortium server", new
            {
                strategy = "fedavg",
                rounds = 20,
                clientFraction = 1.0,
                localEpochs = 1,
                batchSize = 20,
                learningRate = 0.05,
            })
            .Element(TemplateFrame.Training, 0, 1, BoardElementTypes.Model, "model", "Image classifier (2NN)", new { model = "mlp", hiddenLayers = new[] { 100 } })
            .Element(TemplateFrame.PrivacyAndSecurity, 0, 0, BoardElementTypes.Privacy, "dp", "Central DP", new
            {
                mechanism = BoardSchema.DifferentialPrivacyMechanism,
                differentialPrivacy = "central",
                clipNorm = 2.0,
                noiseMultiplier = 0.1,
                delta = 1e-5,
            })
            .Connect("grp-university", "srv")
            .Connect("grp-community", "srv")
            .Connect("data", "grp-university")
            .Connect("model", "srv")
            .Connect("dp", "srv")
            .Build("Medical imaging across hospitals");

        return new BoardTemplate("hospitals", "Medical imaging across hospitals",
            "Cross-silo: 3 large university hospitals and 5 small community hospitals with label skew, all in every round, with central DP.",
            document);
    }
}
