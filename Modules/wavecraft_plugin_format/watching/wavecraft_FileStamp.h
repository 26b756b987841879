namespace wavecraft
{

/** What tells one build of a file from the next. juce::File's times are
    whole seconds here, so a rebuild of the same size within the same second
    would go unseen: nanoseconds, and the inode, which a build that renames
    a new file over the old one changes.
*/
struct FileStamp
{
    juce::int64 modifiedNanos = 0;
    juce::int64 size = -1;
    juce::uint64 inode = 0, device = 0;
    bool exists = false;

    /** The file's stamp now; an empty one (exists false) when it isn't there. [any thread] */
    static FileStamp of (const juce::File& file);

    /** A new file: another inode (or device), as a rename over the old one makes. */
    bool isAnotherFileThan (const FileStamp& other) const noexcept { return inode != other.inode || device != other.device; }

    bool operator== (const FileStamp& other) const noexcept
    {
        return exists == other.exists && modifiedNanos == other.modifiedNanos && size == other.size && ! isAnotherFileThan (other);
    }

    bool operator!= (const FileStamp& other) const noexcept { return ! operator== (other); }
};

} // namespace wavecraft
