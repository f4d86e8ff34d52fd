// Package llmjson asks an OpenAI-compatible chat model for one JSON object:
// the fixed instructions in the system role, the client's material as JSON
// data in the user role (never in the system role), temperature 0, and the
// reply's content with any Markdown code fence removed. Callers validate
// what comes back. Errors have the URL's secrets masked (internal/redact),
// so knowledge/llm and protocols/llmdraft may log them.
package llmjson

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	openai "github.com/sashabaranov/go-openai"

	"github.com/mspbot/mspbot/internal/redact"
)

// Client is the part of *openai.Client that Ask uses.
type Client interface {
	CreateChatCompletion(ctx context.Context, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error)
}

// Ask sends system and payload (encoded as JSON) to model and returns the
// content of the first choice.
func Ask(ctx context.Context, c Client, model, system string, payload any, maxTokens int) (string, error) {
	user, err := json.Marshal(payload)
	if err != nil {
		return "", fmt.Errorf("encode request: %w", err)
	}
	resp, err := c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model: model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: system},
			{Role: openai.ChatMessageRoleUser, Content: string(user)},
		},
		Temperature: 0,
		// max_tokens, not max_completion_tokens: the OpenAI-compatible
		// servers providers run locally (Ollama, vLLM, LocalAI) read
		// only the former.
		MaxTokens: maxTokens, //lint:ignore SA1019 see above

		ResponseFormat: &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject},
	})
	if err != nil {
		// A transport error quotes the URL (OPENAI_BASE_URL may carry user
		// info or a key parameter): masked before anyone logs it.
		return "", fmt.Errorf("chat completion: %w", redact.Error(err))
	}
	if len(resp.Choices) == 0 {
		return "", errors.New("chat completion: no choices")
	}
	content := strings.TrimSpace(resp.Choices[0].Message.Content)
	return strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(content, "```json"), "```"), "```"), nil
}
