"""Training an ELMo biLM (``sensegrep elmo train``): the model the ELMo embedder in
sensegrep/embedder/elmo/ loads as ``elmo:DIR``.

corpus.py reads the training text and makes the vocabulary and batches (no torch);
softmax.py is the output layer shared by the two language models; train.py runs the
training, with checkpoints to resume from, and writes the model folder.
"""
