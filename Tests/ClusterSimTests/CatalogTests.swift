import Testing
@testable import ClusterSim

@Suite struct CatalogTests {
    let catalog = AMICatalog(region: "us-west-2")

    @Test(arguments: [
        "/aws/service/eks/optimized-ami/1.23/amazon-linux-2/recommended/image_id",
        "/aws/service/eks/optimized-ami/1.32/amazon-linux-2-gpu/recommended/image_id",
        "/aws/service/eks/optimized-ami/1.30/amazon-linux-2-arm64/recommended/release_version",
        "/aws/service/eks/optimized-ami/1.34/amazon-linux-2023/x86_64/standard/recommended/image_id",
        "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/arm64/standard/recommended/release_version",
        "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/nvidia/recommended/image_id",
        "/aws/service/bottlerocket/aws-k8s-1.33/x86_64/latest/image_id",
        "/aws/service/bottlerocket/aws-k8s-1.29/arm64/latest/image_version",
        "/aws/service/ami-windows-latest/Windows_Server-2019-English-Core-EKS_Optimized-1.23/image_id",
        "/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-EKS_Optimized-1.34/image_id",
    ])
    func publishedParametersExist(name: String) throws {
        let parameter = try #require(catalog.parameter(named: name))
        #expect(parameter.type == "String")
        #expect(parameter.arn == "arn:aws:ssm:us-west-2::parameter" + name)
        #expect(parameter.dataType == "text")
        #expect(parameter.version > 1)
    }

    @Test func unpublishedCombinationsAreAbsent() {
        #expect(catalog.parameter(named: "/aws/service/eks/optimized-ami/1.33/amazon-linux-2/recommended/image_id") == nil)
        #expect(catalog.parameter(named: "/aws/service/ami-windows-latest/Windows_Server-2022-English-Core-EKS_Optimized-1.23/image_id") == nil)
        #expect(catalog.parameter(named: "/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/x86_64/standard/recommended/image_id") == nil)
    }

    @Test func valuesHaveTheRealShapes() throws {
        let image = try #require(catalog.parameter(named: "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id"))
        #expect(image.value.hasPrefix("ami-0") && image.value.count == 21)
        let release = try #require(catalog.parameter(named: "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/release_version"))
        #expect(release.value.wholeMatch(of: /1\.33\.\d+-\d{8}/) != nil)
        let recommended = try #require(catalog.parameter(named: "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended"))
        #expect(recommended.value == #"{"schema_version":"2","image_id":"\#(image.value)","image_name":"amazon-eks-node-al2023-x86_64-standard-1.33-v20251112","release_version":"\#(release.value)"}"#)
        let latest = try #require(catalog.latestRelease(family: .al2023x86, kubernetesVersion: "1.33"))
        #expect(latest.kubeletVersion.wholeMatch(of: /v1\.33\.\d+-eks-[0-9a-f]{7}/) != nil)
    }

    @Test func idsAreStableAcrossCatalogsButDifferPerRegion() {
        let again = AMICatalog(region: "us-west-2")
        let east = AMICatalog(region: "us-east-1")
        let name = "/aws/service/eks/optimized-ami/1.30/amazon-linux-2/recommended/image_id"
        #expect(catalog.parameter(named: name) == again.parameter(named: name))
        #expect(catalog.parameter(named: name)?.value != east.parameter(named: name)?.value)
    }

    @Test func everyVersionHasSeveralReleasesSoLatestDiffers() {
        for version in AMICatalog.kubernetesVersions {
            let releases = catalog.releases(family: .al2023x86, kubernetesVersion: version)
            #expect(releases.count >= 3)
            #expect(Set(releases.map(\.imageId)).count == releases.count)
        }
    }

    @Test func pathListingIsOrderedAndHonoursRecursive() {
        let direct = catalog.parameters(underPath: "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended", recursive: false)
        #expect(direct.map(\.name) == [
            "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id",
            "/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/release_version",
        ])
        let recursive = catalog.parameters(underPath: "/aws/service/eks/optimized-ami/1.33", recursive: true)
        #expect(recursive.count > 20)
        #expect(recursive.map(\.name) == recursive.map(\.name).sorted())
        #expect(catalog.parameters(underPath: "/aws/service/eks/optimized-ami/1.33", recursive: false).isEmpty)
    }
}
