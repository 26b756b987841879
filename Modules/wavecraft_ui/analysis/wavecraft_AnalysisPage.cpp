namespace wavecraft
{

AnalysisPage::AnalysisPage (HostSession& session)
    : response (session.getResponseMeasurer()),
      spectrum (session.getAnalyser().getOutputHistory())
{
    addAndMakeVisible (response);
    addAndMakeVisible (spectrum);
}

void AnalysisPage::resized()
{
    auto area = getLocalBounds().reduced (6);
    response.setBounds (area.removeFromTop (area.getHeight() * 56 / 100));
    spectrum.setBounds (area.withTrimmedTop (6));
}

} // namespace wavecraft
