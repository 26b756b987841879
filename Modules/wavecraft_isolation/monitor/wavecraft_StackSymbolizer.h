namespace wavecraft
{

/** Names the places in one library: the function at an address, and its
    file and line where the library has debug information (elfutils' libdw,
    reading the file; nothing is loaded). Rust's and C++'s names come back
    demangled, without Rust's hash.

    [any thread but the audio thread; one at a time]
*/
class StackSymbolizer
{
public:
    using Frame = StackFrame;

    /** Reads `library`; frames name it `libraryName`. */
    StackSymbolizer (const juce::File& library, const juce::String& libraryName);
    ~StackSymbolizer();

    /** The frame at `offset` from the library's load address, a return
        address (the call before it is what is named).
    */
    Frame describe (uint64_t offset) const;

    /** "my_reverb::Reverb::process (src/reverb.rs:120)", or the function alone. */
    static juce::String describe (const Frame& frame)
    {
        return frame.file.isEmpty() ? frame.function : frame.function + " (" + frame.file + ":" + juce::String (frame.line) + ")";
    }

private:
    struct Session;
    std::unique_ptr<Session> session;
    juce::String libraryName;

    JUCE_DECLARE_NON_COPYABLE (StackSymbolizer)
};

} // namespace wavecraft
