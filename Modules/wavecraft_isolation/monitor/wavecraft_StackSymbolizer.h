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

    /** The frames at `offset` from the library's load address, a return
        address (the call before it is what is named): the functions the
        compiler inlined there first (innermost first, each at its line),
        then the function the code is in, at the line of the call into them.
    */
    std::vector<Frame> describe (uint64_t offset) const;

    /** Whether a frame's source is the toolchain's (a C++ standard header,
        Rust's standard library) rather than the developer's.
    */
    static bool isToolchainSource (const Frame& frame);

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
