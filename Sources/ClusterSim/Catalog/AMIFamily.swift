/// The EKS-optimized AMI families, by the `amiType` a managed node group reports.
public enum AMIFamily: String, Sendable, CaseIterable, Codable {
    case al2x86 = "AL2_x86_64"
    case al2gpu = "AL2_x86_64_GPU"
    case al2arm = "AL2_ARM_64"
    case al2023x86 = "AL2023_x86_64_STANDARD"
    case al2023arm = "AL2023_ARM_64_STANDARD"
    case al2023nvidia = "AL2023_x86_64_NVIDIA"
    case al2023armNvidia = "AL2023_ARM_64_NVIDIA"
    case bottlerocketX86 = "BOTTLEROCKET_x86_64"
    case bottlerocketArm = "BOTTLEROCKET_ARM_64"
    case windowsCore2019 = "WINDOWS_CORE_2019_x86_64"
    case windowsFull2019 = "WINDOWS_FULL_2019_x86_64"
    case windowsCore2022 = "WINDOWS_CORE_2022_x86_64"
    case windowsFull2022 = "WINDOWS_FULL_2022_x86_64"

    /// Kubernetes minors the family is published for (AL2 ends with 1.32; Windows 2022 starts at 1.24).
    public var minors: ClosedRange<Int> {
        switch self {
        case .al2x86, .al2gpu, .al2arm: return 23...32
        case .windowsCore2022, .windowsFull2022: return 24...34
        default: return 23...34
        }
    }

    public var isBottlerocket: Bool { self == .bottlerocketX86 || self == .bottlerocketArm }
    public var isWindows: Bool { rawValue.hasPrefix("WINDOWS") }

    public var architecture: String {
        switch self {
        case .al2arm, .al2023arm, .al2023armNvidia, .bottlerocketArm: return "arm64"
        default: return "amd64"
        }
    }

    /// The SSM folder holding this family's parameters for a Kubernetes version.
    public func parameterFolder(kubernetesVersion v: String) -> String {
        switch self {
        case .al2x86: return "/aws/service/eks/optimized-ami/\(v)/amazon-linux-2"
        case .al2gpu: return "/aws/service/eks/optimized-ami/\(v)/amazon-linux-2-gpu"
        case .al2arm: return "/aws/service/eks/optimized-ami/\(v)/amazon-linux-2-arm64"
        case .al2023x86: return "/aws/service/eks/optimized-ami/\(v)/amazon-linux-2023/x86_64/standard"
        case .al2023arm: return "/aws/service/eks/optimized-ami/\(v)/amazon-linux-2023/arm64/standard"
        case .al2023nvidia: return "/aws/service/eks/optimized-ami/\(v)/amazon-linux-2023/x86_64/nvidia"
        case .al2023armNvidia: return "/aws/service/eks/optimized-ami/\(v)/amazon-linux-2023/arm64/nvidia"
        case .bottlerocketX86: return "/aws/service/bottlerocket/aws-k8s-\(v)/x86_64"
        case .bottlerocketArm: return "/aws/service/bottlerocket/aws-k8s-\(v)/arm64"
        case .windowsCore2019: return "/aws/service/ami-windows-latest/Windows_Server-2019-English-Core-EKS_Optimized-\(v)"
        case .windowsFull2019: return "/aws/service/ami-windows-latest/Windows_Server-2019-English-Full-EKS_Optimized-\(v)"
        case .windowsCore2022: return "/aws/service/ami-windows-latest/Windows_Server-2022-English-Core-EKS_Optimized-\(v)"
        case .windowsFull2022: return "/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-EKS_Optimized-\(v)"
        }
    }

    /// The AMI name of a release, following the amazon-eks-ami / Bottlerocket / Windows naming.
    func imageName(kubernetesVersion v: String, date: String, bottlerocketVersion: String) -> String {
        switch self {
        case .al2x86: return "amazon-eks-node-\(v)-v\(date)"
        case .al2gpu: return "amazon-eks-gpu-node-\(v)-v\(date)"
        case .al2arm: return "amazon-eks-arm64-node-\(v)-v\(date)"
        case .al2023x86: return "amazon-eks-node-al2023-x86_64-standard-\(v)-v\(date)"
        case .al2023arm: return "amazon-eks-node-al2023-arm64-standard-\(v)-v\(date)"
        case .al2023nvidia: return "amazon-eks-node-al2023-x86_64-nvidia-\(v)-v\(date)"
        case .al2023armNvidia: return "amazon-eks-node-al2023-arm64-nvidia-\(v)-v\(date)"
        case .bottlerocketX86: return "bottlerocket-aws-k8s-\(v)-x86_64-v\(bottlerocketVersion)"
        case .bottlerocketArm: return "bottlerocket-aws-k8s-\(v)-aarch64-v\(bottlerocketVersion)"
        case .windowsCore2019, .windowsFull2019, .windowsCore2022, .windowsFull2022:
            let edition = rawValue.contains("CORE") ? "Core" : "Full"
            let year = rawValue.contains("2019") ? "2019" : "2022"
            let dotted = "\(date.prefix(4)).\(date.dropFirst(4).prefix(2)).\(date.suffix(2))"
            return "Windows_Server-\(year)-English-\(edition)-EKS_Optimized-\(v)-\(dotted)"
        }
    }

    /// What `kubectl get nodes -o wide` shows as OS-IMAGE.
    public var osImage: String {
        switch self {
        case .al2x86, .al2gpu, .al2arm: return "Amazon Linux 2"
        case .al2023x86, .al2023arm, .al2023nvidia, .al2023armNvidia: return "Amazon Linux 2023.9.20251110"
        case .bottlerocketX86, .bottlerocketArm: return "Bottlerocket OS 1.49.0 (aws-k8s)"
        case .windowsCore2019, .windowsFull2019: return "Windows Server 2019 Datacenter"
        case .windowsCore2022, .windowsFull2022: return "Windows Server 2022 Datacenter"
        }
    }

    public var kernelVersion: String {
        switch self {
        case .al2x86, .al2gpu, .al2arm: return "5.10.245-243.979.amzn2.x86_64"
        case .al2023x86, .al2023nvidia: return "6.12.53-69.119.amzn2023.x86_64"
        case .al2023arm, .al2023armNvidia: return "6.12.53-69.119.amzn2023.aarch64"
        case .bottlerocketX86, .bottlerocketArm: return "6.12.50"
        case .windowsCore2019, .windowsFull2019: return "10.0.17763.7919"
        case .windowsCore2022, .windowsFull2022: return "10.0.20348.4294"
        }
    }
}
