import Foundation
import Testing

/// The upgrade as a picture, checked as people see it: the SVG and the HTML report are well-formed
/// (xmllint), and headless Chromium renders them to a PNG that is not blank and shows one row per node.
@Suite(.serialized) struct PictureTests {
    static func which(_ program: String) -> String? {
        ["/usr/bin", "/usr/local/bin", "/bin"].map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let xmllint = which("xmllint")
    static let chromium = which("chromium") ?? which("chromium-browser") ?? which("google-chrome")

    let directory = NSTemporaryDirectory() + "workshop-pictures-\(UUID().uuidString.prefix(8))"

    init() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func wellFormed(_ path: String) throws {
        let result = try WorkshopBinary.runProgram(Self.xmllint!, ["--noout", path])
        #expect(result.status == 0, "\(path) is not well-formed: \(result.stderr)")
    }

    /// What Chromium drew: the PNG's size, how many colours it uses, and how many row marks the left
    /// gutter shows (each node row has one; they alternate in colour) down the first gutter in the page.
    struct Rendering: Decodable {
        var width: Int
        var height: Int
        var colours: Int
        var gutterRows: Int
        /// The background's brightness (0–255) near the top right corner.
        var background: Int
    }

    func render(_ path: String, width: Int, height: Int, dark: Bool = false) throws -> Rendering {
        let png = path + (dark ? ".dark.png" : ".png")
        let theme = dark ? ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"] : []
        let result = try WorkshopBinary.runProgram(Self.chromium!, [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1",
            "--screenshot=\(png)", "--window-size=\(width),\(height)",
        ] + theme + ["file://\(path)"])
        #expect(FileManager.default.fileExists(atPath: png), "chromium wrote no picture: \(result.stderr)")
        let analysis = try WorkshopBinary.runProgram("/usr/bin/env", ["python3", "-c", Self.pngAnalysis, png])
        #expect(analysis.status == 0, "\(analysis.stderr)")
        return try JSONDecoder().decode(Rendering.self, from: Data(analysis.stdout.utf8))
    }

    /// Decodes an 8-bit RGB(A) PNG with zlib (no imaging library needed) and counts the gutter's runs
    /// of its two row colours down the column x = 5.
    static let pngAnalysis = #"""
        import json, struct, sys, zlib
        data = open(sys.argv[1], 'rb').read()
        pos, chunks = 8, []
        width = height = 0
        while pos < len(data):
            length, kind = struct.unpack('>I4s', data[pos:pos + 8]); body = data[pos + 8:pos + 8 + length]; pos += 12 + length
            if kind == b'IHDR': width, height, depth, colour = struct.unpack('>IIBB', body[:10])
            if kind == b'IDAT': chunks.append(body)
        channels = {2: 3, 6: 4}[colour]
        raw = zlib.decompress(b''.join(chunks)); stride = width * channels
        rows, previous, i = [], bytearray(stride), 0
        for _ in range(height):
            kind = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
            for x in range(stride):
                a = line[x - channels] if x >= channels else 0; b = previous[x]; c = previous[x - channels] if x >= channels else 0
                if kind == 1: line[x] = (line[x] + a) & 255
                elif kind == 2: line[x] = (line[x] + b) & 255
                elif kind == 3: line[x] = (line[x] + (a + b) // 2) & 255
                elif kind == 4:
                    p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            rows.append(bytes(line)); previous = line
        pixel = lambda x, y: tuple(rows[y][x * channels:x * channels + 3])
        colours = len({pixel(x, y) for y in range(0, height, 3) for x in range(0, width, 3)})
        marks = [(0x44, 0x77, 0xAA), (0xAA, 0x33, 0x77)]
        near = lambda p: next((k for k, m in enumerate(marks) if all(abs(p[j] - m[j]) <= 12 for j in range(3))), None)
        # The gutter: the first column, from the left, where a row mark shows (x = 5 in a bare SVG).
        column = next((x + 2 for x in range(width) for y in range(0, height, 2) if near(pixel(x, y)) is not None), 5)
        runs, last = 0, None
        for y in range(height):
            k = near(pixel(column, y))
            if k is not None and k != last: runs += 1
            last = k
        corner = pixel(width - 4, 4)
        print(json.dumps({'width': width, 'height': height, 'colours': colours, 'gutterRows': runs, 'background': sum(corner) // 3}))
        """#

    static func size(_ svg: String) -> (width: Int, height: Int) {
        func attribute(_ name: String) -> Int {
            guard let range = svg.range(of: " \(name)=\"") else { return 0 }
            return Int(svg[range.upperBound...].prefix { $0 != "\"" }) ?? 0
        }
        return (attribute("width"), attribute("height"))
    }

    static func nodeRows(_ svg: String) -> Int { svg.components(separatedBy: "data-node=").count - 1 }

    @Test(.enabled(if: xmllint != nil && chromium != nil, "needs xmllint and chromium (apt-get install libxml2-utils chromium; make test installs them)"))
    func simulateDrawsTheUpgradeOneRowPerNode() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/upgrade.svg"
        let result = try WorkshopBinary.run(["simulate", "--svg", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Timeline written to \(path)"))
        try wellFormed(path)
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        let rows = Self.nodeRows(svg)
        #expect(rows >= 6, "3 old nodes and at least 3 new ones")
        let (width, height) = Self.size(svg)
        let picture = try render(path, width: width, height: height)
        #expect(picture.width == width && picture.height == height)
        #expect(picture.colours > 12, "the picture is not blank")
        #expect(picture.gutterRows == rows, "one row per node in the rendered picture")
        #expect(picture.background > 200, "a light page in a light theme")
        let dark = try render(path, width: width, height: height, dark: true)
        #expect(dark.background < 60, "a dark page in a dark theme")
        #expect(dark.gutterRows == rows && dark.colours > 12, "the rows read the same in the dark theme")
    }

    @Test(.enabled(if: xmllint != nil && chromium != nil, "needs xmllint and chromium (apt-get install libxml2-utils chromium; make test installs them)"))
    func aHundredAndFiftyNodesAreGroupedByZoneAndStillOneRowEach() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/big.svg"
        let result = try WorkshopBinary.run(["simulate", "--nodes", "150", "--azs", "3", "--detail", "phases", "--svg", path])
        #expect(result.status == 0, "\(result.stderr)")
        try wellFormed(path)
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        #expect(svg.components(separatedBy: "class=\"zonename\"").count - 1 == 3, "one heading per zone")
        let rows = Self.nodeRows(svg)
        #expect(rows >= 300)
        let (width, height) = Self.size(svg)
        let picture = try render(path, width: width, height: height)
        #expect(picture.gutterRows == rows)
    }

    @Test(.enabled(if: xmllint != nil && chromium != nil, "needs xmllint and chromium (apt-get install libxml2-utils chromium; make test installs them)"))
    func aRecordingIsDrawnAndTheHTMLReportShowsEachLessonsTimeline() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let root = WorkshopBinary.repositoryRoot
        let picture = directory + "/from-recording.svg"
        let drawn = try WorkshopBinary.run(["timeline", root + "/transcripts/pdb-blocks-drain.cast", "--svg", picture])
        #expect(drawn.status == 0, "\(drawn.stderr)")
        try wellFormed(picture)
        let svg = try String(contentsOfFile: picture, encoding: .utf8)
        #expect(svg.contains(">PDB "), "the refused evictions are marked with their budget")
        #expect(svg.contains("Failed (PodEvictionFailure)"))

        let report = directory + "/report.html"
        let tested = try WorkshopBinary.run(["test", root + "/lessons/mng-upgrades", "--format", "html", "--output", report])
        #expect(tested.status == 0, "\(tested.stdout)\(tested.stderr)")
        try wellFormed(report)
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("<h1>workshop test: passed</h1>"))
        #expect(html.components(separatedBy: "<figure class=\"timeline\">").count - 1 >= 5, "the lessons that upgrade show their timeline")
        let rendering = try render(report, width: 1100, height: 3000)
        #expect(rendering.colours > 12)
        #expect(rendering.gutterRows > 6, "the first timeline's rows are on the page")
    }

    @Test(.enabled(if: xmllint != nil, "needs xmllint (apt-get install libxml2-utils)"))
    func timelineInTheGuidedShellWritesThePictureAndSaysWhere() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/shell.svg"
        let quiet = try WorkshopBinary.run(["run", "upgrade-ami"], stdin: ":timeline \(path)\n")
        #expect(quiet.stdout.contains("Nothing to draw yet"))
        let lines = "aws eks update-nodegroup-version --cluster-name eks-workshop --nodegroup-name default --output text --query update.status\naws eks wait nodegroup-active --cluster-name eks-workshop --nodegroup-name default\n:timeline \(path)\n"
        let result = try WorkshopBinary.run(["run", "upgrade-ami"], stdin: lines)
        #expect(result.stdout.contains("Timeline written to \(path)"), "\(result.stdout)")
        try wellFormed(path)
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        #expect(svg.contains("node group default: Successful"))
        let missing = try WorkshopBinary.run(["timeline", directory + "/none.cast", "--svg", directory + "/x.svg"])
        #expect(missing.status == 65)
    }
}
