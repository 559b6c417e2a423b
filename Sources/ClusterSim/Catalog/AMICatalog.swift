/// One published AMI release of a family for a Kubernetes version.
public struct AMIRelease: Sendable, Equatable {
    public var family: AMIFamily
    public var kubernetesVersion: String
    /// `1.33.5-20251112`: what a managed node group reports as `releaseVersion`
    /// (Bottlerocket: its OS version, `1.49.0-6bfd2b51`).
    public var releaseVersion: String
    public var imageId: String
    public var imageName: String
    /// `v1.33.5-eks-3cfe0ce`: the kubelet version nodes built from it report.
    public var kubeletVersion: String
    /// Unix seconds of publication.
    public var publishedEpoch: Double
    /// Position among the version's releases (0 = oldest).
    public var index: Int
}

/// A public SSM parameter as GetParameter returns it.
public struct SSMParameter: Sendable, Equatable {
    public var name: String
    public var type: String
    public var value: String
    public var version: Int
    public var lastModifiedEpoch: Double
    public var arn: String
    public var dataType: String
}

/// The EKS-optimized AMI catalog: every family, Kubernetes 1.23–1.34, several releases each, and the
/// public SSM parameters that point at them. Ids are derived from names with a fixed hash, so the
/// catalog is identical in every run and every Workshop build.
public struct AMICatalog: Sendable {
    /// Release dates shared by all versions (AMIs are released for every version at once).
    public static let releaseDates = ["20250807", "20250918", "20251016", "20251112"]
    static let bottlerocketVersions = ["1.44.0", "1.46.0", "1.48.0", "1.49.0"]
    /// Newest patch of each Kubernetes minor in the catalog.
    static let latestPatch: [Int: Int] = [23: 17, 24: 17, 25: 16, 26: 15, 27: 16, 28: 15, 29: 15, 30: 14, 31: 13, 32: 9, 33: 5, 34: 1]

    public static let kubernetesVersions = (23...34).map { "1.\($0)" }

    public let region: String
    private var releases: [String: [AMIRelease]] = [:]  // "family|version" → releases, oldest first
    private var releaseByImage: [String: AMIRelease] = [:]
    private var parameters: [String: SSMParameter] = [:]
    /// Parameter names in byte order, for path listings.
    private var sortedNames: [String] = []

    public init(region: String) {
        self.region = region
        for family in AMIFamily.allCases {
            for minor in family.minors {
                let version = "1.\(minor)"
                var list: [AMIRelease] = []
                for (index, date) in Self.releaseDates.enumerated() {
                    let release = Self.makeRelease(family: family, minor: minor, index: index, date: date, region: region)
                    list.append(release)
                    releaseByImage[release.imageId] = release
                }
                releases["\(family.rawValue)|\(version)"] = list
                addParameters(family: family, version: version, releases: list)
            }
        }
        sortedNames = parameters.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    private static func makeRelease(family: AMIFamily, minor: Int, index: Int, date: String, region: String) -> AMIRelease {
        let version = "1.\(minor)"
        let latest = latestPatch[minor] ?? 1
        let patch = index < 2 ? max(0, latest - 1) : latest
        let bottlerocket = bottlerocketVersions[index]
        let releaseVersion = family.isBottlerocket
            ? "\(bottlerocket)-\(StableHash.hex("bottlerocket-\(bottlerocket)", count: 8))"
            : "\(version).\(patch)-\(date)"
        let name = family.imageName(kubernetesVersion: version, date: date, bottlerocketVersion: bottlerocket)
        let imageId = "ami-0" + StableHash.hex("\(region)|\(name)", count: 16)
        let kubelet = "v\(version).\(patch)-eks-\(StableHash.hex("kubelet-\(version).\(patch)-\(date)", count: 7))"
        return AMIRelease(family: family, kubernetesVersion: version, releaseVersion: releaseVersion, imageId: imageId,
                          imageName: name, kubeletVersion: kubelet,
                          publishedEpoch: (SimCalendar.parseEpoch(date.prefix(4) + "-" + date.dropFirst(4).prefix(2) + "-" + date.suffix(2)) ?? 0) + 17 * 3600,
                          index: index)
    }

    private mutating func addParameters(family: AMIFamily, version: String, releases list: [AMIRelease]) {
        let folder = family.parameterFolder(kubernetesVersion: version)
        guard let latest = list.last else { return }
        let publishedCount = 180 + list.count
        func add(_ name: String, _ value: String, version: Int, epoch: Double) {
            parameters[name] = SSMParameter(name: name, type: "String", value: value, version: version, lastModifiedEpoch: epoch,
                                            arn: "arn:aws:ssm:\(region)::parameter\(name)", dataType: "text")
        }
        if family.isBottlerocket {
            add(folder + "/latest/image_id", latest.imageId, version: publishedCount, epoch: latest.publishedEpoch)
            add(folder + "/latest/image_version", latest.releaseVersion, version: publishedCount, epoch: latest.publishedEpoch)
            for release in list {
                let v = release.releaseVersion.split(separator: "-").first.map(String.init) ?? release.releaseVersion
                add(folder + "/\(v)/image_id", release.imageId, version: 1, epoch: release.publishedEpoch)
                add(folder + "/\(v)/image_version", release.releaseVersion, version: 1, epoch: release.publishedEpoch)
            }
        } else if family.isWindows {
            add(folder + "/image_id", latest.imageId, version: publishedCount, epoch: latest.publishedEpoch)
            add(folder + "/image_version", latest.releaseVersion, version: publishedCount, epoch: latest.publishedEpoch)
        } else {
            add(folder + "/recommended/image_id", latest.imageId, version: publishedCount, epoch: latest.publishedEpoch)
            add(folder + "/recommended/release_version", latest.releaseVersion, version: publishedCount, epoch: latest.publishedEpoch)
            add(folder + "/recommended", Self.recommendedJSON(latest), version: publishedCount, epoch: latest.publishedEpoch)
            for release in list {
                add(folder + "/\(release.imageName)/image_id", release.imageId, version: 1, epoch: release.publishedEpoch)
                add(folder + "/\(release.imageName)/release_version", release.releaseVersion, version: 1, epoch: release.publishedEpoch)
            }
        }
    }

    static func recommendedJSON(_ release: AMIRelease) -> String {
        #"{"schema_version":"2","image_id":"\#(release.imageId)","image_name":"\#(release.imageName)","release_version":"\#(release.releaseVersion)"}"#
    }

    // MARK: Lookups

    public func parameter(named name: String) -> SSMParameter? { parameters[name] }

    /// Parameters directly under `path` (or anywhere below with `recursive`), in name order.
    public func parameters(underPath path: String, recursive: Bool) -> [SSMParameter] {
        let prefix = path.hasSuffix("/") ? path : path + "/"
        let prefixBytes = Array(prefix.utf8)
        let start = sortedNames.partitionPoint { !Array($0.utf8).lexicographicallyPrecedes(prefixBytes) }
        var result: [SSMParameter] = []
        var i = start
        while i < sortedNames.count, sortedNames[i].hasPrefix(prefix) {
            let rest = sortedNames[i].dropFirst(prefix.count)
            if recursive || !rest.contains("/") { result.append(parameters[sortedNames[i]]!) }
            i += 1
        }
        return result
    }

    public func releases(family: AMIFamily, kubernetesVersion: String) -> [AMIRelease] {
        releases["\(family.rawValue)|\(kubernetesVersion)"] ?? []
    }

    public func latestRelease(family: AMIFamily, kubernetesVersion: String) -> AMIRelease? {
        releases(family: family, kubernetesVersion: kubernetesVersion).last
    }

    public func release(family: AMIFamily, kubernetesVersion: String, releaseVersion: String) -> AMIRelease? {
        releases(family: family, kubernetesVersion: kubernetesVersion).first { $0.releaseVersion == releaseVersion }
    }

    public func release(imageId: String) -> AMIRelease? { releaseByImage[imageId] }

    /// The release with this release version in any Kubernetes version of the family.
    public func release(family: AMIFamily, releaseVersion: String) -> AMIRelease? {
        for version in Self.kubernetesVersions {
            if let match = release(family: family, kubernetesVersion: version, releaseVersion: releaseVersion) { return match }
        }
        return nil
    }
}

extension Array {
    /// Index of the first element for which `belongsInSecondPart` is true (the array must be partitioned).
    func partitionPoint(_ belongsInSecondPart: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if belongsInSecondPart(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
