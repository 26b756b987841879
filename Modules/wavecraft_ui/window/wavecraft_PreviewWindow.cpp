namespace wavecraft
{

PreviewWindow::PreviewWindow (const juce::String& title, HostSession& sessionToShow)
    : juce::DocumentWindow (title, juce::Desktop::getInstance().getDefaultLookAndFeel().findColour (juce::ResizableWindow::backgroundColourId),
                            juce::DocumentWindow::allButtons, false), // on the desktop once, with its native title bar
      session (sessionToShow)
{
    jassert (! juce::Desktop::getInstance().isHeadless()); // decide headless before any window
    auto content = std::make_unique<PreviewComponent> (session);
    preview = content.get();
    setUsingNativeTitleBar (true);
    setContentOwned (content.release(), true);
    setResizable (true, false);
    setResizeLimits (minimumWidth, minimumHeight, 8192, 8192);
    centreWithSize (getWidth(), getHeight());
    session.setResizeHandler (this); // before a page can see the window
    addToDesktop();
    setVisible (true);
    preview->grabKeyboardFocus();
}

PreviewWindow::~PreviewWindow()
{
    session.setResizeHandler (nullptr); // waits for a request in progress
    cancelPendingUpdate();
}

void PreviewWindow::closeButtonPressed()
{
    if (onCloseRequested != nullptr)
        onCloseRequested();
}

bool PreviewWindow::keyPressed (const juce::KeyPress& key)
{
    // With no component focused yet (the window was just given the focus),
    // keys come to the window itself: the shortcuts work all the same.
    return preview->keyPressed (key) || juce::DocumentWindow::keyPressed (key);
}

bool PreviewWindow::resizeRequested (int width, int height)
{
    // The server's thread: the size waits in atomics for the message thread.
    requestedWidth = width;
    requestedHeight = height;
    triggerAsyncUpdate();
    return true;
}

void PreviewWindow::handleAsyncUpdate()
{
    const auto screen = juce::Desktop::getInstance().getDisplays().getDisplayForRect (getScreenBounds());
    const auto limit = screen != nullptr ? screen->userArea : juce::Rectangle<int> (0, 0, 8192, 8192);
    const auto width = juce::jlimit (minimumWidth, juce::jmax (minimumWidth, limit.getWidth()), requestedWidth.load());
    const auto height = juce::jlimit (minimumHeight, juce::jmax (minimumHeight, limit.getHeight()), requestedHeight.load());
    setContentComponentSize (width, height);
}

} // namespace wavecraft
