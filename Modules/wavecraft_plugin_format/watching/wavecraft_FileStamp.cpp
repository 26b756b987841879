namespace wavecraft
{

FileStamp FileStamp::of (const juce::File& file)
{
    struct stat info
    {};

    if (::stat (file.getFullPathName().toRawUTF8(), &info) != 0)
        return {};

#if JUCE_MAC
    const auto& modified = info.st_mtimespec;
#else
    const auto& modified = info.st_mtim;
#endif

    return { (juce::int64) modified.tv_sec * 1000000000 + (juce::int64) modified.tv_nsec, (juce::int64) info.st_size,
             (juce::uint64) info.st_ino, (juce::uint64) info.st_dev, true };
}

} // namespace wavecraft
