import QbitelCopilot
import QbitelEngine

/// Everything that can change the workbench: input, and results posted back from background work.
public enum WorkbenchEvent: Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(width: Int, height: Int)
    case captureLoaded(Capture)
    case captureFailed(QbitelError)
    case discoveryProgress(step: String, fraction: Double)
    case discoveryFinished(DiscoveryResult)
    /// Edits saved in the workspace by an earlier session, placed on this run.
    case annotationsRestored(Annotations)
    case discoveryFailed(QbitelError)
    case verdicts([Int: VerdictMark])
    case copilotStatus(CopilotPaneState.Status)
    case copilotChunk(String)
    case copilotFinished(suggestions: [CopilotPaneState.Suggestion])
    case copilotFailed(String)
    /// Conversations about this capture saved in the workspace by earlier sessions, oldest first.
    case copilotHistoryRestored([CopilotPaneState.Entry])
    case notice(String, isError: Bool)
    /// The latest figures of the program's metrics, for the metrics screen.
    case metrics(MetricsSnapshot)
}

/// Work the reducer asks the runner to do off the UI thread; results come back as events.
public enum WorkbenchEffect: Sendable, Equatable {
    case quit
    case suspend
    case redraw
    case runDiscovery
    case persist(AnnotationEdit)
    /// Undo or redo swapped the whole set of edits: save what differs between the two.
    case persistChange(from: Annotations, to: Annotations)
    case export(path: String)
    /// A question, or a quick action (its question is built by the copilot; structured answers become suggestions).
    case askCopilot(question: String, action: QuickAction? = nil)
    case cancelCopilot
    case loadTheme(String)
}
