/// A generated lesson tree shaped like the EKS Workshop's: front matter, prose, lists,
/// admonitions, and many annotated bash blocks with sample output.
enum LessonCorpus {
    static func lesson(_ n: Int) -> String {
        var text = """
            ---
            title: Generated lesson \(n)
            sidebar_position: \(n % 50)
            description: A lesson used to measure parsing speed.
            ---

            This page explains **managed node groups** and how `kubectl` shows them. It links to
            [the user guide](https://docs.aws.amazon.com/eks/latest/userguide/) for details.

            :::caution Read first

            Upgrading a node group takes time. Only continue if you have ten minutes.

            :::

            """
        for section in 0..<3 {
            text += "\n## Section \(section) of lesson \(n)\n\nWhen EKS replaces a node it first starts a new one in the same Availability Zone, "
                + "waits for it to be Ready, then drains the old node while honouring every PodDisruptionBudget.\n\nThe steps below:\n\n"
            for item in 0..<3 { text += "- Step \(item) in section \(section), with `inline code` and *emphasis*\n" }
            text += """

                ```bash timeout=\(300 + section) wait=\(section * 10)
                $ export EKS_VERSION=$(aws eks describe-cluster --name $EKS_CLUSTER_NAME --query "cluster.version" --output text)
                $ aws ssm get-parameter --name /aws/service/eks/optimized-ami/$EKS_VERSION/amazon-linux-2023/x86_64/standard/recommended/image_id \\
                    --region $AWS_REGION --query "Parameter.Value" --output text
                ami-0b5e3a7d9c1f24e68
                ```

                ```bash test=false
                $ kubectl get nodes --watch
                NAME                                          STATUS   ROLES    AGE   VERSION
                ip-10-42-10-96.us-west-2.compute.internal     Ready    <none>   20h   v1.33.4-eks-0a21954
                ```

                """
        }
        return text
    }

    /// 400 lessons in 20 directories: about 1.3 MB.
    static func files() -> [(path: String, text: String)] {
        (0..<400).map { n in ("module-\(n / 20)/lesson-\(n).md", lesson(n)) }
    }
}
