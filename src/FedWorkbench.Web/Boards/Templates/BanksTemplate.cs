namespace FedWorkbench.Web.Boards.Templates;

/// <summary>Fraud detection across banks: label skew, a group with compromised members and robust aggregation.</summary>
internal static class BanksTemplate
{
    public static BoardTemplate Create()
    {
        BoardDocument document = new TemplateBuilder()
            .Note(TemplateFrame.Requirements, "Which fraud must the model catch, and what false-positive rate will customers accept at checkout?")
            .Note(TemplateFrame.Requirements, "What do banks gain from a joint model that their own model misses: fraud rings that hit several banks?")
            .Note(TemplateFrame.Requirements, "Which regulator must approve the model, and must each decision be explainable?")
            .Note(TemplateFrame.Data, "Data stand-in: Fashion-MNIST classes play transaction types here, so the run shows skew and attacks, not fraud detection quality.")
            .Note(TemplateFrame.Data, "Fraud is rare and each bank sees different fraud. How do you handle label skew and class imbalance?")
            .Note(TemplateFrame.Data, "Do the banks describe transactions with the same features? Who agrees the schema?")
            .Note(TemplateFrame.Training, "Trimmed mean drops the 20% most extreme values of each coordinate. How many compromised banks can it absorb?")
            .Note(TemplateFrame.Training, "Set the aggregation back to mean and rerun: how much does the sign-flipping group cost?")
            .Note(TemplateFrame.Training, "How often do you retrain as fraud patterns change: daily, weekly?")
            .Note(TemplateFrame.Deployment, "Scoring must answer within milliseconds at payment time. Where does the model run, and how is it updated?")
            .Note(TemplateFrame.Deployment, "What happens when one bank leaves the consortium: does it keep the model?")
            .Note(TemplateFrame.Monitoring, "How do you detect a bank whose updates look like an attack, without accusing it wrongly?")
            .Note(TemplateFrame.Monitoring, "Fraud labels arrive weeks late (chargebacks). How do you evaluate the model in the meantime?")
            .Note(TemplateFrame.PrivacyAndSecurity, "Robust aggregation must see each bank's update, so the engine combines it with neither secure aggregation nor central DP.")
            .Note(TemplateFrame.PrivacyAndSecurity, "Local DP lets each bank add its own noise. ε = 50 per round is a weak guarantee: lower it and watch accuracy.")
            .Note(TemplateFrame.PrivacyAndSecurity, "Could the banks' updates reveal a customer's transactions to a competitor? Which attack would you try?")
            .Element(TemplateFrame.Data, 0, 0, BoardElementTypes.DataSource, "data", "Transactions (stand-in: Fashion-MNIST)", new { dataset = "fashion-mnist" })
            .Element(TemplateFrame.Data, 1, 0, BoardElementTypes.ClientGroup, "grp-retail", "Retail banks", new
            {
                count = 6,
                dataShare = 0.3,
                partition = "dirichlet",
                dirichletAlpha = 0.3,
                computeSpeedMedian = 5000.0,
                bandwidthMedianMbps = 100.0,
            })
            .Element(TemplateFrame.Data, 2, 0, BoardElementTypes.ClientGroup, "grp-cards", "Card issuers", new
            {
                count = 4,
                dataShare = 0.2,
                partition = "classes",
                classesPerClient = 3,
                computeSpeedMedian = 5000.0,
                bandwidthMedianMbps = 100.0,
            })
            .Element(TemplateFrame.Data, 1, 1, BoardElementTypes.ClientGroup, "grp-compromised", "Banks with compromised systems", new
            {
                count = 4,
                dataShare = 0.1,
                partition = "iid",
                attack = "sign-flip",
                maliciousFraction = 0.5,
                computeSpeedMedian = 5000.0,
                bandwidthMedianMbps = 100.0,
            })
            .Element(TemplateFrame.Training, 1, 0, BoardElementTypes.Server, "srv", "Consortium server", new
            {
                strategy = "fedavg",
                aggregation = "trimmed-mean",
                trimFraction = 0.2,
                rounds = 20,
                clientFraction = 1.0,
                localEpochs = 1,
                batchSize = 20,
                learningRate = 0.05,
            })
            .Element(TemplateFrame.Training, 0, 1, BoardElementTypes.Model, "model", "Fraud scorer (softmax)", new { model = "softmax", hiddenLayers = Array.Empty<int>() })
            .Element(TemplateFrame.PrivacyAndSecurity, 0, 0, BoardElementTypes.Privacy, "dp", "Local DP at each bank", new
            {
                mechanism = BoardSchema.DifferentialPrivacyMechanism,
                differentialPrivacy = "local",
                clipNorm = 1.0,
                localEpsilon = 50.0,
                delta = 1e-5,
            })
            .Connect("grp-retail", "srv")
            .Connect("grp-cards", "srv")
            .Connect("grp-compromised", "srv")
            .Connect("data", "grp-retail")
            .Connect("model", "srv")
            .Connect("dp", "srv")
            .Build("Fraud detection across banks");

        return new BoardTemplate("banks", "Fraud detection across banks",
            "14 banks in three groups with label skew, one group with sign-flipping members, trimmed-mean aggregation and local DP.",
            document);
    }
}
