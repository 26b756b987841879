namespace wavecraft
{

/** What a BrowserUiServer serves to the browser UI (@wavecraft/core): a list
    of parameters and their values, meters, the oscilloscope, the audio status,
    and a window the page may ask to resize.

    HostSession is one implementation: a dev-ABI plugin running live. Implement
    it yourself to serve something else, for example your own processor: keep
    a ParameterStore of your parameters, publish meter frames to a MeterTap
    from a thread of your own that drains a lock-free queue your audio
    callback fills (as OutputAnalyser does; the tap locks, so never from the
    audio thread), and call your listeners when something changes on your
    side.

    Parameters can change from any side: a page (through the server), a window,
    the app's own code, or a reload that replaces the list. Every change goes
    through setParameter(), which tells every listener, the one that made the
    change included, so each side can tell its own changes from the others'.

    @see BrowserUiServer, HostSession, MeterTap
*/
class BrowserUiBackend
{
public:
    /** Told of what changes on the backend's side. The server that serves
        the backend is one listener, a window another.
    */
    class Listener
    {
    public:
        virtual ~Listener() = default;

        /** A parameter was set to `value` by `origin` (whatever the setter
            passed to setParameter(), null for "someone else").

            Called synchronously on the thread that set it: a server's I/O
            thread, the message thread, or the app's own; never the audio
            thread. A listener that paints must hand the change to the
            message thread.
        */
        virtual void parameterChanged (const juce::String& id, float value, const void* origin)
        {
            juce::ignoreUnused (id, value, origin);
        }

        /** The parameter list was replaced (a plugin was loaded, reloaded or
            lost): read getParameters() again. Values the new list shares with
            the old one were carried over. [message thread]
        */
        virtual void parametersReplaced() {}

        /** The audio status changed. [message thread] */
        virtual void audioStatusChanged (const AudioStatus& status) { juce::ignoreUnused (status); }

        /** The plugin report gained a place (getPluginReport()). [message thread] */
        virtual void pluginReportChanged() {}
        /** Another build is heard, or the builds loaded changed (getBuilds()). [message thread] */
        virtual void buildsChanged() {}
    };

    virtual ~BrowserUiBackend() = default;

    /** The parameters now served, or null while there are none. The store's
        values are live; its list stays fixed until parametersReplaced().
        [any thread but the audio thread]
    */
    virtual std::shared_ptr<ParameterStore> getParameters() const = 0;

    /** Sets a parameter, then tells every listener with `origin`. The value
        was checked against its spec (ParameterSpec::checkValue). Returns
        false, and tells nobody, when no parameter has that id (any more).
        [any thread but the audio thread]
    */
    [[nodiscard]] virtual bool setParameter (const juce::String& id, float value, const void* origin) = 0;

    /** The meter frames of the output, for any number of readers. [any thread but the audio thread] */
    virtual const MeterTap& getMeterTap() const = 0;

    /** The newest oscilloscope frame; false while there is none. [any thread but the audio thread] */
    virtual bool getLatestScopeFrame (ScopeFrame& frame) const = 0;

    /** The audio status now. [message thread] */
    virtual AudioStatus getAudioStatus() const = 0;

    /** What the host found wrong with the plugin's running build (the
        plugin doctor); empty where nothing is watched. [any thread but the audio thread]
    */
    virtual PluginReport getPluginReport() const { return {}; }

    /** Blocks that went out silent because the plugin answered late (see
        AudioStatus::lateBlocks), counted now. [any thread]
    */
    virtual juce::uint64 getLateBlocks() const { return 0; }

    /** A page asks for its window to be `width` x `height`: true when a
        window took the request. The default has no window. [any thread]
    */
    virtual bool requestResize (int width, int height)
    {
        juce::ignoreUnused (width, height);
        return false;
    }

    /** Answers measureResponse: the curve, or null and why there is none. */
    using ResponseReply = std::function<void (const ResponseCurve* curve, const juce::String& error)>;

    /** Measures the plugin's response at its values now, on an instance of
        its own, and calls `reply` with it at `points` frequencies (from 20
        Hz to 20 kHz): at once, or later on another thread. The default
        measures nothing. [any thread: never wait here]
    */
    virtual void measureResponse (int points, ResponseReply reply)
    {
        juce::ignoreUnused (points);
        reply (nullptr, "this host does not measure responses");
    }

    /** The builds loaded now (getBuilds): the newest, and after a rebuild
        the one before it. The default has one build or none. [any thread]
    */
    virtual std::vector<LoadedBuild> getBuilds() const { return {}; }

    /** Answers selectBuild: the role heard now, or empty and why. */
    using SelectionReply = std::function<void (const juce::String& heardRole, const juce::String& error)>;

    /** Hears the "current" or the "previous" build, cross-faded, and calls
        `reply` once it plays: at once, or later on another thread. The
        default keeps no previous build. [any thread: never wait here]
    */
    virtual void selectBuild (const juce::String& role, SelectionReply reply)
    {
        if (role == "current")
            return reply ("current", {});

        reply ({}, "this host keeps no previous build");
    }

    /** A page's audio client announced itself. [any thread] */
    virtual void audioClientRegistered (const juce::String& clientId, double sampleRate, int bufferSize)
    {
        juce::ignoreUnused (clientId, sampleRate, bufferSize);
    }

    /** [message thread] */
    void addListener (Listener* listener) { listeners.add (listener); }

    /** Waits for any call to the listener in progress on another thread to
        end, so the listener may be destroyed afterwards. [message thread]
    */
    void removeListener (Listener* listener) { listeners.remove (listener); }

protected:
    /** An implementation calls these: locked, because parameterChanged comes
        from any thread while the message thread adds and removes listeners.
    */
    juce::ListenerList<Listener, juce::Array<Listener*, juce::CriticalSection>> listeners;
};

} // namespace wavecraft
