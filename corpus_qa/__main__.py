from corpus_qa.cli import main

main()
