namespace wavecraft
{

WebUiPage::WebUiPage (const juce::String& urlToShow)
    : url (urlToShow)
{
    goToURL (url);
}

WebUiPage::~WebUiPage()
{
    stopTimer();
}

void WebUiPage::pageFinishedLoading (const juce::String& loadedUrl)
{
    if (showingNote || loadedUrl.startsWith ("data:"))
        return;

    loaded = true;
    stopTimer();
}

bool WebUiPage::pageLoadHadNetworkError (const juce::String& errorInfo)
{
    loaded = false;
    showUnreachable (errorInfo);
    startTimer (retryIntervalMs);
    return false; // our note instead of the browser's error page
}

void WebUiPage::showUnreachable (const juce::String& errorInfo)
{
    const auto html = "<html><body style='background:#23272e;color:#ddd;font-family:sans-serif;padding:2em'>"
                      "<h2>Your web UI at "
        + url.replace ("&", "&amp;").replace ("<", "&lt;")
        + " is not reachable</h2><p>"
        + errorInfo.replace ("&", "&amp;").replace ("<", "&lt;")
        + "</p><p>Is its dev server running (for example <code>npm run dev</code>)? "
          "This page tries again every two seconds.</p></body></html>";
    showingNote = true;
    goToURL ("data:text/html;charset=utf-8," + juce::URL::addEscapeChars (html, false));
}

void WebUiPage::timerCallback()
{
    showingNote = false;
    goToURL (url);
}

} // namespace wavecraft
