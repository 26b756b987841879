namespace wavecraft
{

// No libdw here: frames are named by their library alone.
struct StackSymbolizer::Session
{
};

StackSymbolizer::StackSymbolizer (const juce::File& library, const juce::String& name)
    : session (std::make_unique<Session>()),
      libraryName (name.isNotEmpty() ? name : library.getFileName())
{
}

StackSymbolizer::~StackSymbolizer() = default;

std::vector<StackSymbolizer::Frame> StackSymbolizer::describe (uint64_t) const
{
    Frame frame;
    frame.function = "?";
    frame.library = libraryName;
    return { frame };
}

bool StackSymbolizer::isToolchainSource (const Frame&)
{
    return false;
}

} // namespace wavecraft
