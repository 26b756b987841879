namespace wavecraft
{

/** The preview window: a PreviewComponent on a live session in a resizable
    desktop window. While it shows, a page's requestResize is taken: the
    window's content is resized to the page's size, kept within minimumWidth
    x minimumHeight and the screen.

    To use one: create it on a started HostSession (which must outlive it)
    when the desktop is not headless, and set onCloseRequested.
*/
class PreviewWindow : public juce::DocumentWindow,
                      private HostSession::ResizeHandler,
                      private juce::AsyncUpdater
{
public:
    static constexpr int minimumWidth = 640, minimumHeight = 420;

    /** Opens the window, centred. [message thread] */
    PreviewWindow (const juce::String& title, HostSession& session);
    /** [message thread] */
    ~PreviewWindow() override;

    /** Called when the person closes the window. [message thread] */
    std::function<void()> onCloseRequested;

    /** [message thread] */
    PreviewComponent& getPreview() noexcept { return *preview; }

    /** @internal */
    void closeButtonPressed() override;
    /** @internal */
    bool keyPressed (const juce::KeyPress&) override;

private:
    bool resizeRequested (int width, int height) override;
    void handleAsyncUpdate() override;

    HostSession& session;
    PreviewComponent* preview = nullptr; // owned as the content component
    std::atomic<int> requestedWidth { 0 }, requestedHeight { 0 };

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (PreviewWindow)
};

} // namespace wavecraft
