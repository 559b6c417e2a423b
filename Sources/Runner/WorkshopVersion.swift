/// The version written into transcripts and printed by `workshop --version`.
public enum WorkshopVersion {
    public static let current = "0.3.0"
}
